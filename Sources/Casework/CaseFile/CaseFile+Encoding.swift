import EventLog

/// A case file as bytes, so that a view can keep one per case and read it back without
/// replaying the case (`CaseSummaryView` in Projections).
///
/// The bytes hold what the case file read, not what it worked out from it: the version, the
/// last activity and every entry (its type, event id, `occurredAt` and the fields it kept).
/// Decoding works the summary out again from the entries, by the same code as `apply`, so a
/// decoded case file equals the one that was encoded, and the same records give the same bytes
/// however they were applied (one at a time across many writes, or in one rebuild).
///
/// Layout (integers little-endian): `u8` layout version (2), `u64` version, `i64` last activity
/// (µs; `Int64.min` for none), `u32` entry count, then per entry: `u8` type (its index in
/// `CaseFileEventType.allCases`), 16 bytes event id, `i64` occurredAt (µs), `u16` presence bits,
/// then the fields present in this order: subject, worker, riskLevel, outcome, itemID, owner
/// (each `u32` length and UTF-8 bytes), immediateRisk (`u8`), stage, workingDays (`i64` each),
/// dueDate (`i32` days since 1970-01-01).
extension CaseFile {
    /// The layout `encoded()` writes: 2 (text lengths in 4 bytes; 1 had 2).
    public static let encodedLayout: UInt8 = 2

    /// The case file as bytes (see the layout above).
    public func encoded() -> [UInt8] {
        var out = CaseFileBytes()
        out.bytes.reserveCapacity(32 + entries.count * 48)
        out.append(Self.encodedLayout)
        out.append(version)
        out.append(lastActivity?.microseconds ?? .min)
        out.append(UInt32(truncatingIfNeeded: entries.count))
        for entry in entries {
            out.append(UInt8(truncatingIfNeeded: entry.type.index))
            out.append(entry.eventID.high.bigEndian)
            out.append(entry.eventID.low.bigEndian)
            out.append(entry.occurredAt.microseconds)
            var present: UInt16 = 0
            let texts = [entry.subject, entry.worker, entry.riskLevel, entry.outcome, entry.itemID, entry.owner]
            for (bit, text) in texts.enumerated() where text != nil { present |= 1 << bit }
            if entry.immediateRisk != nil { present |= 1 << 6 }
            if entry.stage != nil { present |= 1 << 7 }
            if entry.workingDays != nil { present |= 1 << 8 }
            if entry.dueDate != nil { present |= 1 << 9 }
            out.append(present)
            for text in texts { if let text { out.append(text: text) } }
            if let value = entry.immediateRisk { out.append(UInt8(value ? 1 : 0)) }
            if let value = entry.stage { out.append(Int64(value)) }
            if let value = entry.workingDays { out.append(Int64(value)) }
            if let value = entry.dueDate { out.append(Int32(truncatingIfNeeded: value.daysSince1970)) }
        }
        return out.bytes
    }

    /// The case file of stream `reference` from `bytes` made by `encoded()`; nil when
    /// `reference` is not a reference or the bytes are not in that layout.
    public init?(reference: String, encoded bytes: UnsafeRawBufferPointer) {
        guard var file = CaseFile(reference: reference) else { return nil }
        var entries: [CaseFileEntry] = []
        guard let header = Self.readEntries(bytes, keepingItems: true, reserving: { entries.reserveCapacity($0) }, { entries.append($0) })
        else { return nil }
        file.restore(entries: entries, version: header.version, lastActivity: header.lastActivity)
        self = file
    }

    /// Reads `bytes` made by `encoded()`, calling `body` with each entry in stream order (after
    /// `reserve` with how many there can be); returns the version and last activity, or nil
    /// when the bytes are not in the layout (`body` may have been called by then). Without
    /// `keepingItems`, an entry's item id and owner are passed over, not read (the summary
    /// needs neither). Allocates only for texts longer than 15 bytes.
    static func readEntries(_ bytes: UnsafeRawBufferPointer, keepingItems: Bool, reserving reserve: (Int) -> Void,
                            _ body: (CaseFileEntry) -> Void) -> (version: UInt64, lastActivity: Timestamp?)? {
        var input = CaseFileBytesReader(bytes: bytes)
        guard input.read(UInt8.self) == Self.encodedLayout,
              let version = input.read(UInt64.self), let last = input.read(Int64.self),
              let count = input.read(UInt32.self)
        else { return nil }
        // At most what the bytes can hold (an entry takes 27 bytes or more): a damaged count
        // must not ask for gigabytes.
        reserve(min(Int(count), bytes.count / 27))
        for _ in 0..<count {
            guard let typeIndex = input.read(UInt8.self), let type = CaseFileEventType(index: Int(typeIndex)),
                  let high = input.read(UInt64.self), let low = input.read(UInt64.self),
                  let occurred = input.read(Int64.self), let present = input.read(UInt16.self)
            else { return nil }
            var entry = CaseFileEntry(type: type, eventID: EventID(high: UInt64(bigEndian: high), low: UInt64(bigEndian: low)),
                                      occurredAt: Timestamp(microseconds: occurred))
            guard input.readText(present, bit: 0, into: &entry.subject), input.readText(present, bit: 1, into: &entry.worker),
                  input.readText(present, bit: 2, into: &entry.riskLevel), input.readText(present, bit: 3, into: &entry.outcome),
                  input.readText(present, bit: 4, into: &entry.itemID, keeping: keepingItems),
                  input.readText(present, bit: 5, into: &entry.owner, keeping: keepingItems)
            else { return nil }
            if present & (1 << 6) != 0 { guard let value = input.read(UInt8.self) else { return nil }; entry.immediateRisk = value != 0 }
            if present & (1 << 7) != 0 { guard let value = input.read(Int64.self) else { return nil }; entry.stage = Int(value) }
            if present & (1 << 8) != 0 { guard let value = input.read(Int64.self) else { return nil }; entry.workingDays = Int(value) }
            if present & (1 << 9) != 0 {
                guard let value = input.read(Int32.self) else { return nil }
                entry.dueDate = CalendarDate(daysSince1970: Int(value))
            }
            body(entry)
        }
        guard input.isAtEnd else { return nil }
        return (version, last == .min ? nil : Timestamp(microseconds: last))
    }
}

extension CaseSummary {
    /// The case summary of stream `reference` from a case-summary row (`CaseFile.encoded()`),
    /// worked out from its entries as `CaseFile` does, without keeping them: for a reader that
    /// wants a case's state, worker and subject, not its deadlines. Nil when `reference` is not
    /// a reference or the bytes are not in that layout. O(n) in the row's entries, allocating
    /// only for texts longer than 15 bytes.
    public init?(reference: String, encoded bytes: UnsafeRawBufferPointer) {
        guard let parsed = CaseReference(reference) else { return nil }
        var summary = CaseSummary(reference: reference, caseType: parsed.caseType)
        guard let header = CaseFile.readEntries(bytes, keepingItems: false, reserving: { _ in }, { summary.take($0) })
        else { return nil }
        summary.version = header.version
        summary.lastActivity = header.lastActivity
        self = summary
    }
}

/// Little-endian bytes being written.
struct CaseFileBytes {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(text: String) {
        // Whole: a field is at most an event's 1 MiB, and cutting one could split a character.
        append(UInt32(truncatingIfNeeded: text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }
}

/// Little-endian bytes being read; every read is nil past the end.
struct CaseFileBytesReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    mutating func read<T: FixedWidthInteger>(_: T.Type) -> T? {
        let size = MemoryLayout<T>.size
        guard offset + size <= bytes.count else { return nil }
        defer { offset += size }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Reads a text into `field` when bit `bit` of `present` says one follows (passes over it
    /// without `keeping`); false when the bytes end first.
    mutating func readText(_ present: UInt16, bit: Int, into field: inout String?, keeping: Bool = true) -> Bool {
        guard present & (1 << bit) != 0 else { return true }
        guard keeping else {
            guard let count = read(UInt32.self), Int(count) <= bytes.count - offset else { return false }
            offset += Int(count)
            return true
        }
        guard let text = readText() else { return false }
        field = text
        return true
    }

    mutating func readText() -> String? {
        guard let count = read(UInt32.self), Int(count) <= bytes.count - offset else { return nil }
        defer { offset += Int(count) }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(count)]), as: UTF8.self)
    }
}
