#if canImport(Glibc)
import Glibc
#endif
import Codec
import EventLog

/// Parses event lines. Reuse one parser for many lines: its buffers are kept between lines.
///
/// Cost: one pass over the line; the `data` object is transcoded straight to deterministic CBOR.
public struct EventLineParser {
    private var cbor = CBORWriter(capacity: 1024)
    /// The catalogue's entry for the type of the line parsed last, when it is a known type: the
    /// import's checks take it from here rather than look the name up again.
    private(set) var typeSpec: EventTypeSpec?

    /// The fields an event line may have.
    public static let fields = [
        "type", "case", "occurredAt", "id", "expectedVersion", "data", "personal", "personalSalt",
        "correlationId", "causationId", "position", "version", "recordedAt", "actor", "hash", "personalErased", "source",
    ]

    public init() {}

    /// Parses one line (without its line break).
    ///
    /// - Throws: `EventLineError` naming the field or the JSON column at fault. Messages quote
    ///   at most a short piece of the input.
    public mutating func parse(_ line: UnsafeRawBufferPointer) throws(EventLineError) -> EventLine {
        typeSpec = nil
        do {
            return try parseFields(line)
        } catch let error as EventLineError {
            throw error
        } catch let error as JSONError {
            throw EventLineError("not valid JSON: \(error)")
        } catch {
            throw EventLineError("\(error)")
        }
    }

    private mutating func parseFields(_ line: UnsafeRawBufferPointer) throws -> EventLine {
        var scanner = JSONScanner(line)
        var type: String?
        var caseReference: String?
        var occurredAt: Timestamp?
        var id: EventID?
        var expectedVersion: UInt64?
        var data: [UInt8]?
        var personal: [UInt8]?
        var personalSalt: [UInt8]?
        var correlationID: EventID?
        var causationID: EventID?
        var position: UInt64?
        var version: UInt64?
        var recordedAt: Timestamp?
        var actor: String?
        var hash: ChainHash?
        var source: [UInt8]?
        var seen: UInt32 = 0   // bit i: fields[i] has been read

        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            guard let field = Self.fieldIndex(key) else {
                let name = String(decoding: key.prefix(40), as: UTF8.self)
                throw EventLineError("unknown field \"\(name)\" (an event line has type, case, occurredAt, data, and optionally id, expectedVersion)")
            }
            guard seen & (1 << field.rawValue) == 0 else { throw EventLineError("\"\(field.name)\" appears twice") }
            seen |= 1 << field.rawValue
            let name = field.name
            switch field {
            case .type: type = try readType(&scanner)
            case .case: caseReference = try readText(&scanner, name)
            case .occurredAt: occurredAt = try readTimestamp(&scanner, name)
            case .recordedAt: recordedAt = try readTimestamp(&scanner, name)
            case .id: id = try readID(&scanner, name)
            case .correlationID: correlationID = try readID(&scanner, name)
            case .causationID: causationID = try readID(&scanner, name)
            case .expectedVersion: expectedVersion = try readCount(&scanner, name)
            case .position: position = try readCount(&scanner, name)
            case .version: version = try readCount(&scanner, name)
            case .actor: actor = try readText(&scanner, name)
            case .data: data = try readObject(&scanner, name)
            case .source: source = try readObject(&scanner, name)
            case .personal: personal = try readObject(&scanner, name)
            case .personalSalt:
                let text = try readText(&scanner, name)
                guard let salt = Self.hexBytes(text), salt.count == 16 else {
                    throw EventLineError("\"personalSalt\" must be 32 hexadecimal digits")
                }
                personalSalt = salt
            case .personalErased:
                // What an export says of a record whose section is erased (or unreadable): its
                // fields are gone, so the line carries none.
                guard try scanner.peekKind() == .bool, try scanner.readBool() else {
                    throw EventLineError("\"personalErased\" must be true when given")
                }
            case .hash:
                guard let parsed = ChainHash(hex: try readText(&scanner, name)) else {
                    throw EventLineError("\"hash\" must be 64 hexadecimal digits")
                }
                hash = parsed
            }
        }
        try scanner.end()
        guard let type else { throw EventLineError("missing \"type\"") }
        guard let occurredAt else { throw EventLineError("missing \"occurredAt\"") }
        if personalSalt != nil && personal == nil { throw EventLineError("\"personalSalt\" without \"personal\"") }
        // Where a migrated event came from (DOMAIN.md §10): kept in its data as `migratedFrom`.
        if let source {
            do {
                data = try PersonalFieldMerge.merge(data ?? ProposedEvent.emptyData,
                                                    Self.map(key: MigratedSource.field, value: source))
            } catch {
                throw EventLineError("\"source\" is given twice: as the line's and as data.\(MigratedSource.field)")
            }
        }
        var provenance: EventLine.Provenance?
        if let position, let version, let recordedAt, let actor, let hash {
            provenance = EventLine.Provenance(position: position, version: version, recordedAt: recordedAt, actor: actor, hash: hash)
        }
        return EventLine(
            type: type, caseReference: caseReference, occurredAt: occurredAt, id: id, expectedVersion: expectedVersion,
            data: data ?? ProposedEvent.emptyData, personal: personal, personalSalt: personalSalt,
            correlationID: correlationID, causationID: causationID, recordedAt: recordedAt, actor: actor, provenance: provenance)
    }

    /// The CBOR map `{key: value}`, `value` already CBOR.
    private static func map(key: String, value: [UInt8]) -> [UInt8] {
        var writer = CBORWriter(capacity: key.utf8.count + value.count + 4)
        writer.writeMapHeader(count: 1)
        writer.writeText(key)
        return writer.bytes + value
    }

    /// A field of an event line, in the order of `fields`.
    private enum Field: Int, CaseIterable {
        case type, `case`, occurredAt, id, expectedVersion, data, personal, personalSalt
        case correlationID, causationID, position, version, recordedAt, actor, hash, personalErased, source

        var name: String { EventLineParser.fields[rawValue] }

        /// The fields' names as bytes, to compare keys without making strings.
        static let names: [[UInt8]] = EventLineParser.fields.map { Array($0.utf8) }
    }

    private static func fieldIndex(_ key: UnsafeRawBufferPointer) -> Field? {
        for (index, name) in Field.names.enumerated() where name.count == key.count {
            let same = name.withUnsafeBytes { memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }
            if same { return Field(rawValue: index) }
        }
        return nil
    }

    /// The type, as the catalogue's own string when it is a known type: no allocation per line
    /// for a name longer than a small string's 15 bytes.
    private mutating func readType(_ scanner: inout JSONScanner) throws -> String {
        guard try scanner.peekKind() == .string else { throw EventLineError("\"type\" must be a string") }
        let bytes = try scanner.readStringBytes()
        guard !bytes.isEmpty else { throw EventLineError("\"type\" is empty") }
        typeSpec = EventCatalogue.type(utf8: bytes)
        return typeSpec?.name ?? String(decoding: bytes, as: UTF8.self)
    }

    private func readText(_ scanner: inout JSONScanner, _ name: String) throws -> String {
        guard try scanner.peekKind() == .string else { throw EventLineError("\"\(name)\" must be a string") }
        let text = try scanner.readString()
        guard !text.isEmpty else { throw EventLineError("\"\(name)\" is empty") }
        return text
    }

    private func readTimestamp(_ scanner: inout JSONScanner, _ name: String) throws -> Timestamp {
        guard try scanner.peekKind() == .string else { throw EventLineError("\"\(name)\" must be a string") }
        let bytes = try scanner.readStringBytes()
        guard let timestamp = Timestamp(iso8601: bytes) else {
            throw EventLineError("\"\(name)\" is not an ISO 8601 date and time with a zone, like 2025-03-04T10:15:00Z")
        }
        return timestamp
    }

    private func readID(_ scanner: inout JSONScanner, _ name: String) throws -> EventID {
        guard try scanner.peekKind() == .string else { throw EventLineError("\"\(name)\" must be a string") }
        guard let id = EventID(text: try scanner.readStringBytes()) else {
            throw EventLineError("\"\(name)\" is not a UUID like 0b6f6a0e-6c1d-4b8e-9a53-2f1c3e7d9a10")
        }
        return id
    }

    private func readCount(_ scanner: inout JSONScanner, _ name: String) throws -> UInt64 {
        guard try scanner.peekKind() == .number else { throw EventLineError("\"\(name)\" must be a whole number ≥ 0") }
        let value = try scanner.readInteger()
        guard value >= 0 else { throw EventLineError("\"\(name)\" must be a whole number ≥ 0") }
        return UInt64(value)
    }

    private mutating func readObject(_ scanner: inout JSONScanner, _ name: String) throws -> [UInt8] {
        guard try scanner.peekKind() == .object else { throw EventLineError("\"\(name)\" must be an object") }
        cbor.removeAll()
        try scanner.transcodeValue(into: &cbor)
        // Copied out at its own size, so that the parser's buffer stays its own: handing the
        // buffer out would make the next line's `removeAll` allocate a fresh kilobyte (above
        // malloc's per-thread cache) for every line, and keep one alive with every event.
        return cbor.bytes.withUnsafeBufferPointer { bytes in
            [UInt8](unsafeUninitializedCapacity: bytes.count) { copy, count in
                _ = copy.initialize(fromContentsOf: bytes)
                count = bytes.count
            }
        }
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
