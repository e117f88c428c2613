import Casework
import Codec
import EventLog

/// A count in a benchmark file: the number, or "<5" when it is under 5 (DOMAIN.md §12).
public enum BenchmarkCount: Sendable, Equatable, CustomStringConvertible {
    /// A count of 5 or more.
    case count(Int)
    /// A count under 5 (0 to 4), written "<5".
    case fewerThanFive

    /// The smallest count a benchmark file writes as it is.
    public static let smallest = 5

    /// `count` as a file writes it: "<5" below `smallest`.
    public init(_ count: Int) {
        self = count < Self.smallest ? .fewerThanFive : .count(count)
    }

    /// `57`, or `<5`.
    public var description: String {
        switch self {
        case .count(let count): String(count)
        case .fewerThanFive: "<5"
        }
    }
}

/// One headline figure in a benchmark file: its counts and its value.
public struct BenchmarkEntry: Sendable, Equatable {
    /// `REPORT:FIGURE` (`BenchmarkMeasure.id`).
    public let measure: String
    /// The numerator; nil for a median, which has none.
    public let numerator: BenchmarkCount?
    /// The denominator (for a median: how many were measured); nil when it is not known
    /// (homes not set).
    public let denominator: BenchmarkCount?
    /// The value to one decimal place; nil when withheld (a count under 5) or not known.
    public let value: Double?

    /// An entry with these parts, as read from a file.
    public init(measure: String, numerator: BenchmarkCount?, denominator: BenchmarkCount?, value: Double?) {
        self.measure = measure
        self.numerator = numerator
        self.denominator = denominator
        self.value = value
    }

    /// True when a count under 5 withholds the value.
    public var isSuppressed: Bool { numerator == .fewerThanFive || denominator == .fewerThanFive }
}

/// A store's headline figures for a period, to compare with other organisations' (DOMAIN.md
/// §12, docs/BENCHMARK.md): no † field, no count under 5, and the store's head so that a
/// figure can be traced to the log it came from.
public struct BenchmarkFile: Sendable, Equatable {
    /// The `schema` member of every benchmark file.
    public static let schema = "caselog-benchmark"
    /// The schema version this caselog writes and reads.
    public static let version = 1

    /// The organisation's name, as `--organisation` gave it.
    public let organisation: String
    /// The dates the figures cover.
    public let period: ReportPeriod
    /// The store's head when the figures were worked out: position and chain hash.
    public let headPosition: UInt64
    /// The head's chain hash, 64 hexadecimal digits.
    public let headDigest: String
    /// One entry per headline figure, in `BenchmarkMeasure.headline` order.
    public let entries: [BenchmarkEntry]

    /// A file with these parts, as read.
    public init(organisation: String, period: ReportPeriod, headPosition: UInt64, headDigest: String, entries: [BenchmarkEntry]) {
        self.organisation = organisation
        self.period = period
        self.headPosition = headPosition
        self.headDigest = headDigest
        self.entries = entries
    }

    /// The headline figures of `results` (the learning reports of `period`, worked out at
    /// `head`), counts under 5 written "<5" and the values they give withheld.
    public init(organisation: String, period: ReportPeriod, head: LogHead, results: [ReportResult]) {
        let byName = Dictionary(results.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [BenchmarkEntry] = []
        for measure in BenchmarkMeasure.headline {
            guard let result = byName[measure.report.rawValue] else { continue }
            let numerator = measure.numerator(in: result).map(BenchmarkCount.init)
            let denominator = measure.denominator(in: result).map(BenchmarkCount.init)
            var value = denominator == nil ? nil : measure.value(in: result)
            if numerator == .fewerThanFive || denominator == .fewerThanFive { value = nil }
            entries.append(BenchmarkEntry(measure: measure.id, numerator: numerator, denominator: denominator, value: value))
        }
        self.init(organisation: organisation, period: period, headPosition: head.position, headDigest: head.hash.description,
                  entries: entries)
    }

    /// The entry for `measure`; nil when the file has none.
    public func entry(_ measure: String) -> BenchmarkEntry? { entries.first { $0.measure == measure } }

    /// The file as JSON (docs/BENCHMARK.md), one figure a line, ending in a newline.
    public func json() -> String {
        var json = JSONWriter(capacity: 4096)
        json.beginObject()
        json.key("schema"); json.string(Self.schema)
        json.key("version"); json.integer(Int64(Self.version))
        json.key("organisation"); json.string(organisation)
        json.key("period")
        json.beginObject()
        json.key("from"); json.string(period.from.iso8601)
        json.key("to"); json.string(period.to.iso8601)
        json.endObject()
        json.key("head")
        json.beginObject()
        json.key("position"); json.unsigned(headPosition)
        json.key("digest"); json.string(headDigest)
        json.endObject()
        json.key("figures")
        json.beginArray()
        var text = String(decoding: json.bytes, as: UTF8.self)
        for (index, entry) in entries.enumerated() {
            var line = JSONWriter(capacity: 256)
            line.beginObject()
            line.key("measure"); line.string(entry.measure)
            line.key("numerator"); Self.write(entry.numerator, into: &line)
            line.key("denominator"); Self.write(entry.denominator, into: &line)
            line.key("value")
            if let value = entry.value { line.double(value) } else { line.null() }
            if entry.isSuppressed { line.key("suppressed"); line.bool(true) }
            line.endObject()
            text += (index == 0 ? "\n  " : ",\n  ") + String(decoding: line.bytes, as: UTF8.self)
        }
        return text + "\n]}\n"
    }

    /// `count` as a file writes it: a number, "<5", or null.
    static func write(_ count: BenchmarkCount?, into json: inout JSONWriter) {
        switch count {
        case .count(let count)?: json.integer(Int64(count))
        case .fewerThanFive?: json.string("<5")
        case nil: json.null()
        }
    }
}

extension BenchmarkFile {
    /// Reads a benchmark file of this schema version.
    ///
    /// - Throws: `BenchmarkError.unreadable` naming `file` and the first thing wrong: not
    ///   JSON, another schema or version, a member missing or of the wrong kind, a figure the
    ///   version does not list or listed twice, a count under 5 written as a number, a value
    ///   beside a suppressed count.
    public init(json bytes: [UInt8], file: String) throws(BenchmarkError) {
        func refuse(_ reason: String) -> BenchmarkError { .unreadable(file: file, reason: reason) }
        let parsed = bytes.withUnsafeBytes { buffer in Result { () throws(JSONError) in try CBORValue(json: buffer) } }
        guard case .success(let root) = parsed else { throw refuse("it is not JSON") }
        guard case .map(let top) = root else { throw refuse("it is not a JSON object") }
        guard case .text(let schema)? = top["schema"], schema == Self.schema else {
            throw refuse("it is not a benchmark file (\"schema\" is not \"\(Self.schema)\")")
        }
        guard case .integer(let version)? = top["version"] else { throw refuse("\"version\" is not a whole number") }
        guard version == Self.version else {
            throw refuse("it is of schema version \(version), and this caselog reads version \(Self.version) only")
        }
        guard case .text(let organisation)? = top["organisation"], !organisation.isEmpty else {
            throw refuse("\"organisation\" is not a name")
        }
        guard case .map(let periodMap)? = top["period"], case .text(let from)? = periodMap["from"], case .text(let to)? = periodMap["to"],
              let period = try? ReportPeriod(from: from, to: to) else {
            throw refuse("\"period\" is not {\"from\": YYYY-MM-DD, \"to\": YYYY-MM-DD}")
        }
        guard case .map(let head)? = top["head"], case .integer(let position)? = head["position"], position >= 0,
              case .text(let digest)? = head["digest"], ChainHash(hex: digest) != nil else {
            throw refuse("\"head\" is not {\"position\": N, \"digest\": 64 hexadecimal digits}")
        }
        guard case .array(let items)? = top["figures"] else { throw refuse("\"figures\" is not an array") }
        var entries: [BenchmarkEntry] = []
        for item in items {
            guard case .map(let figure) = item, case .text(let measure)? = figure["measure"] else {
                throw refuse("a figure has no \"measure\"")
            }
            guard BenchmarkMeasure.named(measure) != nil else {
                throw refuse("figure \"\(measure)\" is not one of schema version \(Self.version)'s (docs/BENCHMARK.md)")
            }
            guard !entries.contains(where: { $0.measure == measure }) else { throw refuse("figure \"\(measure)\" is given twice") }
            let numerator = try Self.count(figure["numerator"], "numerator", of: measure, refuse)
            let denominator = try Self.count(figure["denominator"], "denominator", of: measure, refuse)
            let value: Double?
            switch figure["value"] {
            case .double(let number)?: value = number
            case .integer(let number)?: value = Double(number)
            case .null?, nil: value = nil
            default: throw refuse("figure \"\(measure)\": \"value\" is not a number or null")
            }
            let entry = BenchmarkEntry(measure: measure, numerator: numerator, denominator: denominator, value: value)
            if entry.isSuppressed && value != nil { throw refuse("figure \"\(measure)\" gives a value beside a count of \"<5\"") }
            entries.append(entry)
        }
        self.init(organisation: organisation, period: period, headPosition: UInt64(position), headDigest: digest, entries: entries)
    }

    private static func count(_ item: CBORValue?, _ name: String, of measure: String,
                              _ refuse: (String) -> BenchmarkError) throws(BenchmarkError) -> BenchmarkCount? {
        switch item {
        case .null?, nil: return nil
        case .text("<5")?: return .fewerThanFive
        case .integer(let count)? where count >= Int64(BenchmarkCount.smallest) && count <= Int64(Int32.max) * 1024:
            return .count(Int(count))
        case .integer?: throw refuse("figure \"\(measure)\": \"\(name)\" is under 5 and not written \"<5\"")
        default: throw refuse("figure \"\(measure)\": \"\(name)\" is not a count, \"<5\" or null")
        }
    }
}

/// Why benchmark files could not be read or compared.
public enum BenchmarkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `file` is not a benchmark file this caselog reads.
    case unreadable(file: String, reason: String)
    /// Two files give the same organisation's figures for the same period.
    case twice(file: String, other: String, organisation: String, period: ReportPeriod)
    /// No file was given, or an organisation's name is empty.
    case usage(String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason): "\(file) cannot be compared: \(reason)"
        case let .twice(file, other, organisation, period):
            "\(file) and \(other) both give \(organisation)'s figures for \(period): leave one out"
        case .usage(let message): message
        }
    }
}
