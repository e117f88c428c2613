import SampleHistory
@testable import Casework
import Foundation
import EventLog
import Testing
import TestSupport

/// The import's reading thread: lines parsed and checked on a second thread must reach the
/// writer exactly as a single thread would hand them over, and a writer that stops must stop it.
@Suite("Lines prepared on a second thread")
struct PreparedLinesTests {
    /// 3,000 generated lines (about a megabyte: well over the size read on a second thread),
    /// with a blank line and an unreadable one among them.
    static let lines: [String] = {
        var configuration = SampleHistory.Configuration()
        configuration.events = 3_000
        configuration.seed = 11
        var lines = SampleHistory(configuration).map(\.jsonLine)
        lines[1_500] = "   "
        lines[2_222] = "{\"type\": "
        return lines
    }()

    static var bytes: [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }

    /// What each line became, as text that compares the parts that matter.
    static func summary(_ line: borrowing PreparedLine) -> String {
        switch line.outcome {
        case .blank:
            return "\(line.number) \(line.offset) blank"
        case .unreadable(let error):
            return "\(line.number) \(line.offset) unreadable \(error.message)"
        case .parsed(let parsed):
            if let form = parsed.checked {
                return "\(line.number) \(line.offset) \(parsed.line.type) \(form.spec.name) \(form.data.data) \(parsed.derivedID.map { "\($0)" } ?? "-")"
            }
            return "\(line.number) \(line.offset) \(parsed.line.type) invalid \(parsed.formError.map { "\($0)" } ?? "?")"
        }
    }

    @Test("a large input reaches the writer in order, each line as one thread would prepare it")
    func sameAsOneThread() throws {
        let bytes = Self.bytes
        #expect(bytes.count >= PreparedLines.parallelThreshold)
        var seen: [String] = []
        try PreparedLines.forEach(in: LineReader(bytes: bytes), derivingIDs: true) { seen.append(Self.summary($0.pointee)) }
        var expected: [String] = []
        var preparer = LinePreparer(derivingIDs: true)
        try LineReader(bytes: bytes).forEachLine { number, line, offset in
            let prepared = preparer.prepare(number, line, offset)
            expected.append(Self.summary(prepared))
        }
        #expect(seen.count == Self.lines.count)
        #expect(seen == expected)
        #expect(seen[1_500].hasSuffix("blank"))
        #expect(seen[2_222].contains("unreadable"))
    }

    /// 9,000 lines: more than the chunks the reading thread may run ahead, so that it is
    /// waiting for room when the writer stops.
    static let longBytes: [UInt8] = Array(((0..<3).flatMap { _ in lines }.joined(separator: "\n") + "\n").utf8)

    @Test("a writer that throws stops the reading thread, and its error comes back",
          arguments: [(false, 1), (false, 1_025), (false, 2_999), (true, 1), (true, 8_999)])
    func writerStops(long: Bool, at stop: Int) throws {
        struct Stop: Error, Equatable {}
        var count = 0
        #expect(throws: Stop.self) {
            try PreparedLines.forEach(in: LineReader(bytes: long ? Self.longBytes : Self.bytes), derivingIDs: true) { line in
                count += 1
                if line.pointee.number == stop { throw Stop() }
            }
        }
        #expect(count == stop)
    }

    /// Runs an import of `lines` (with `padding` blank lines after them); the failure, if any.
    static func importFailure(_ lines: [String], padding: Int = 0, into fixture: LifecycleFixture) throws -> Importer.Failure? {
        let text = (lines + Array(repeating: String(repeating: " ", count: 99), count: padding)).joined(separator: "\n") + "\n"
        do {
            _ = try Importer(store: fixture.store, actor: "test.worker").run(LineReader(bytes: Array(text.utf8)))
            return nil
        } catch let failure as Importer.Failure {
            return failure
        }
    }

    @Test("an import read on two threads with one bad line far down writes nothing and names the line")
    func largeImportWithBadLine() throws {
        let fixture = try LifecycleFixture()
        var lines = Self.lines
        lines[1_500] = lines[1_499]
        lines[2_222] = lines[2_221].replacingOccurrences(of: "\"type\":\"", with: "\"type\":\"x")
        let failure = try #require(try Self.importFailure(lines, into: fixture))
        #expect(failure.problems.first?.line == 2_223)
        #expect(failure.problems.first?.message.contains("unknown event type") == true)
        #expect(try fixture.store.head().position == 0)
    }

    @Test("the same bad input gives the same report read on one thread or on two")
    func sameReportEitherWay() throws {
        var lines = Array(Self.lines.prefix(500))
        lines[120] = lines[120].replacingOccurrences(of: "\"type\":\"", with: "\"type\":\"x")
        lines[300] = "{\"type\": "
        lines[420] = lines[421]
        let small = lines.joined(separator: "\n").utf8.count
        #expect(small < PreparedLines.parallelThreshold)
        let one = try #require(try Self.importFailure(lines, into: try LifecycleFixture()))
        let two = try #require(try Self.importFailure(lines, padding: PreparedLines.parallelThreshold / 100 + 1, into: try LifecycleFixture()))
        #expect(one == two)
        #expect(one.problems.map(\.line).prefix(2) == [121, 301])
    }

    @Test("a correction of personal fields given apart, as export writes it, imports on one thread and on two")
    func personalCorrectionGivenApart() throws {
        typealias F = LifecycleFixture
        let triageID = "3f2b8c1e-6a4d-4e1b-9c7a-0d5e2f4a6b8c"
        let lines = [
            F.person("P-000001"), F.concern("SG-2025-000001"), F.triage("SG-2025-000001", id: triageID),
            #"{"type":"case.entry-corrected","case":"SG-2025-000001","occurredAt":"2025-03-04T09:00:00Z","#
                + #""data":{"eventId":"\#(triageID)","reason":"Risk understated"},"#
                + #""personal":{"changes":{"rationale":"Risk to the children was not recorded"}}}"#,
        ]
        for padding in [0, PreparedLines.parallelThreshold / 100 + 1] {
            let fixture = try LifecycleFixture()
            let failure = try Self.importFailure(lines, padding: padding, into: fixture)
            #expect(failure == nil, "padding \(padding): \(failure.map(\.description) ?? "")")
            #expect(try fixture.store.head().position == 4)
            let correction = try #require(try fixture.store.read { try $0.record(at: 4)?.copy() })
            #expect(correction.hasPersonalData)
        }
    }

    @Test("the same large import in one piece and in small pieces ends at the same head")
    func sameHeadEitherWay() throws {
        let good = Array(Self.lines.prefix(1_500))
        let whole = try LifecycleFixture()
        let text = good.joined(separator: "\n") + "\n"
        #expect(text.utf8.count >= PreparedLines.parallelThreshold)
        let summary = try Importer(store: whole.store, actor: "test.worker").run(LineReader(bytes: Array(text.utf8)))
        #expect(summary.appended == 1_500)
        let pieces = try LifecycleFixture()
        for start in stride(from: 0, to: good.count, by: 100) {
            let piece = good[start..<min(start + 100, good.count)].joined(separator: "\n") + "\n"
            #expect(piece.utf8.count < PreparedLines.parallelThreshold)
            _ = try Importer(store: pieces.store, actor: "test.worker").run(LineReader(bytes: Array(piece.utf8)))
        }
        let wholeLast = try whole.store.read { try $0.record(at: 1_500)!.copy() }
        let piecesLast = try pieces.store.read { try $0.record(at: 1_500)!.copy() }
        #expect(wholeLast.eventID == piecesLast.eventID)
        #expect(wholeLast.stream == piecesLast.stream)
        #expect(wholeLast.version == piecesLast.version)
        // Every stream's head, lifecycle state included, is the same.
        func heads(_ fixture: LifecycleFixture) throws -> [StreamHead] {
            try fixture.store.read { reader in
                var heads: [StreamHead] = []
                try reader.forEachStream { heads.append($0) }
                return heads
            }
        }
        let wholeHeads = try heads(whole)
        #expect(wholeHeads.count > 100)
        #expect(wholeHeads == (try heads(pieces)))
    }
}

@Suite("Import: ids derived from content")
struct DerivedEventIDTests {
    /// `DerivedEventIDs`' seed, built here by hand from its documentation.
    static func expected(stream: String, type: String, occurredAt: String, data: [UInt8], personal: [UInt8], occurrence: UInt32) -> EventID {
        var seed = Array("caselog-import-v1".utf8) + [0] + Array(stream.utf8) + [0] + Array(type.utf8) + [0]
        withUnsafeBytes(of: Timestamp(iso8601: occurredAt)!.microseconds.littleEndian) { seed += $0 }
        seed += data + [0] + personal
        withUnsafeBytes(of: occurrence.littleEndian) { seed += $0 }
        return seed.withUnsafeBytes { EventID(hashing: $0) }
    }

    @Test("two identical lines without ids get the ids of the documented seed, the second counting the first")
    func identicalLines() throws {
        let fixture = try LifecycleFixture()
        let note = #"{"type":"subject.details-changed","case":"P-000001","occurredAt":"2025-03-03T10:00:00Z","data":{"phone":"x"}}"#
        let outcome = try fixture.write([
            #"{"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-03T09:00:00Z","data":{"kind":"person","name":"A"}}"#,
            note, note,
        ], ids: .derivedFromContent)
        guard case .written = outcome else {
            Issue.record("refused: \(outcome.message ?? "")")
            return
        }
        let ids = try fixture.store.read { reader in try [2, 3].map { try reader.record(at: $0)!.eventID } }
        // The data without personal fields is the empty map (0xA0); `phone` is personal: {"phone": "x"}.
        let personal: [UInt8] = [0xA1, 0x65] + Array("phone".utf8) + [0x61] + Array("x".utf8)
        #expect(ids[0] == Self.expected(stream: "P-000001", type: "subject.details-changed", occurredAt: "2025-03-03T10:00:00Z",
                                        data: [0xA0], personal: personal, occurrence: 0))
        #expect(ids[1] == Self.expected(stream: "P-000001", type: "subject.details-changed", occurredAt: "2025-03-03T10:00:00Z",
                                        data: [0xA0], personal: personal, occurrence: 1))
    }
}
