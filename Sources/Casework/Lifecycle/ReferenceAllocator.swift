import EventLog

/// Allocates the next reference for an opening event recorded without one (DOMAIN.md §1): the
/// type's prefix, the year of `occurredAt` (its Europe/London date) and the number after the
/// greatest of that type and year in the store.
///
/// Allocation reads the store inside the write transaction, and LMDB has one writer at a time,
/// so two caseworkers recording at once never get the same reference. One allocator serves one
/// write; it remembers what it allocated so that a batch of new cases costs one look-up each.
public struct ReferenceAllocator {
    private var lastSerial: [String: Int] = [:]

    public init() {}

    /// The next free reference of `caseType` for an event that occurred at `occurredAt`.
    ///
    /// - Throws: `ValidationError` when the type and year have used every number; what
    ///   `writer` throws when the store cannot be read.
    public mutating func next(_ caseType: CaseType, occurredAt: Timestamp, in writer: borrowing LogWriter) throws -> String {
        let year = caseType.hasYear ? EuropeLondon.date(of: occurredAt).year : nil
        let prefix = Self.prefix(caseType, year: year)
        let limit = Int(pow10(caseType.serialDigits)) - 1
        if let last = lastSerial[prefix], last < limit {
            // Lines given their own references may have taken the next one since: then look again.
            let candidate = CaseReference(caseType, year: year, serial: last + 1).description
            if try writer.streamHead(candidate) == nil {
                lastSerial[prefix] = last + 1
                return candidate
            }
        }
        let greatest = try writer.lastStreamName(withPrefix: prefix).flatMap(CaseReference.init)?.serial ?? 0
        guard greatest < limit, year.map({ (1000...9999).contains($0) }) ?? true else {
            throw ValidationError(.rule("no reference left for \(prefix)…: every number is taken; give the reference with --case"),
                                  type: caseType.openingType)
        }
        lastSerial[prefix] = greatest + 1
        return CaseReference(caseType, year: year, serial: greatest + 1).description
    }

    /// Takes back `reference`, the last one allocated, when it was not used after all.
    public mutating func giveBack(_ reference: String) {
        guard let parsed = CaseReference(reference) else { return }
        let prefix = Self.prefix(parsed.caseType, year: parsed.year)
        if lastSerial[prefix] == parsed.serial { lastSerial[prefix] = parsed.serial - 1 }
    }

    /// Notes a stream opened with a reference the caller gave, so that the next allocation of
    /// its type and year comes after it.
    public mutating func noteOpened(_ reference: String) {
        guard let parsed = CaseReference(reference) else { return }
        let prefix = Self.prefix(parsed.caseType, year: parsed.year)
        if let last = lastSerial[prefix], parsed.serial > last { lastSerial[prefix] = parsed.serial }
    }

    /// What every reference of `caseType` and `year` starts with: `TS-2025-`, `P-`.
    private static func prefix(_ caseType: CaseType, year: Int?) -> String {
        year.map { "\(caseType.prefix)-\($0)-" } ?? "\(caseType.prefix)-"
    }

    private func pow10(_ digits: Int) -> Int64 {
        (0..<digits).reduce(1) { value, _ in value * 10 }
    }
}
