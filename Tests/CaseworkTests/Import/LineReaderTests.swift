@testable import Casework
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Lines from memory, a file and a pipe, with a limit of 16 bytes so that every edge is a few
/// bytes away: a line over the limit is named and skipped, never held, and the rest is read.
@Suite("Reading lines")
struct LineReaderTests {
    static let limit = 16

    /// Lines at and around the limit, one over it by a lot, one with a carriage return, and a
    /// last line over the limit without a line break.
    static let text = "short\n" + String(repeating: "x", count: 100) + "\nafter\n" + String(repeating: "a", count: 16) + "\n"
        + String(repeating: "b", count: 17) + "\n" + String(repeating: "c", count: 16) + "\r\n" + "\n"
        + String(repeating: "y", count: 40)

    /// What each line became: its text, or "too long".
    static let expected = ["1 short", "2 too long", "3 after", "4 " + String(repeating: "a", count: 16), "5 too long",
                           "6 " + String(repeating: "c", count: 16), "7 ", "8 too long"]

    private func lines(_ reader: LineReader) throws -> [String] {
        var seen: [String] = []
        try reader.forEachLineOrTooLong { number, line, _ in
            seen.append("\(number) " + (line.map { String(decoding: $0, as: UTF8.self) } ?? "too long"))
        }
        return seen
    }

    @Test("from memory, a line over the limit is handed over without its bytes, and the lines after it as they are")
    func fromMemory() throws {
        #expect(try lines(LineReader(bytes: Array(Self.text.utf8), maximumLineLength: Self.limit)) == Self.expected)
    }

    @Test("from a file, read through a buffer smaller than the long lines, the same lines, read again the same way")
    func fromFile() throws {
        let scratch = TemporaryDirectory()
        let path = scratch.appending("lines")
        writeFile(path, Array(Self.text.utf8))
        let reader = try LineReader(path: path, maximumLineLength: Self.limit)
        #expect(try lines(reader) == Self.expected)
        #expect(try lines(reader) == Self.expected)
    }

    @Test("from a pipe, the same lines, and what is kept of it leaves out the long lines' bytes")
    func fromPipe() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let bytes = Array(Self.text.utf8)
        #expect(bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) } == bytes.count)
        close(ends[1])
        let reader = try LineReader(descriptor: ends[0], name: "standard input", owns: true, maximumLineLength: Self.limit)
        #expect(try lines(reader) == Self.expected)
        // Kept: "short", "after", the 16 a's, the 16 c's with their CR, the empty line, and
        // the line breaks of every line (the long ones' too).
        #expect(reader.totalBytes == 5 + 5 + 16 + 17 + 8)
    }

    @Test("forEachLine stops at a line over the limit, naming the input, the line and the limit")
    func tooLongThrows() throws {
        var read: [Int] = []
        #expect(throws: LineReader.LineTooLong(path: "input", line: 2, limit: 16)) {
            try LineReader(bytes: Array(Self.text.utf8), maximumLineLength: Self.limit).forEachLine { number, _, _ in read.append(number) }
        }
        #expect(read == [1])
        #expect("\(LineReader.LineTooLong(path: "spec.yaml", line: 3, limit: 8 << 20))"
                == "spec.yaml: line 3 is longer than 8 MiB, the most a line may be")
    }

    @Test("a line over the limit reaches the importer as unreadable, naming the limit; the next line is prepared as usual")
    func preparedTooLong() throws {
        let text = String(repeating: "z", count: 100) + "\n" + #"{"type":"case.note-added","occurredAt":"2025-03-01T09:00:00Z"}"# + "\n"
        var seen: [String] = []
        try PreparedLines.forEach(in: LineReader(bytes: Array(text.utf8), maximumLineLength: 80), derivingIDs: true) { line in
            switch line.pointee.outcome {
            case .unreadable(let error): seen.append("\(line.pointee.number) \(error.message)")
            case .parsed(let parsed): seen.append("\(line.pointee.number) \(parsed.line.type)")
            case .blank: seen.append("\(line.pointee.number) blank")
            }
        }
        #expect(seen == ["1 the line is longer than 80 bytes, the most an event line may be", "2 case.note-added"])
    }
}
