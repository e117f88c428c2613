import EventLog

/// Allocates the next reference for an opening event recorded without one (DOMAIN.md §1): the
/// type's prefix, the year of `occurredAt` (its Europe/London date) and the next number the
/// store has not used.
///
/// Allocation counts from its own counter, never from the references callers give: a caller
/// who types `P-999999` or `SG-2026-999999` must not use up a type's numbers for everyone
/// after. The counter (`reference:PREFIX`, kept with the log by `LogWriter.saveCounter`) says
/// how far allocation has got; every number up to it is in use. The next allocation tries the
/// number after it and passes over any a caller has taken meanwhile.
///
/// Allocation reads the store inside the write transaction, and LMDB has one writer at a time,
/// so two caseworkers recording at once never get the same reference. One allocator serves one
/// write; `save(in:)` writes its counters with that write, so a refused write allocates nothing.
public struct ReferenceAllocator {
    /// The last number allocated per prefix in this write (or, before any, read from the store).
    private var lastSerial: [String: Int] = [:]
    /// Prefixes whose counter this write has moved.
    private var moved: Set<String> = []

    public init() {}

    /// The name of the counter of references starting with `prefix` (`reference:TS-2025-`).
    public static func counterName(prefix: String) -> String { "reference:" + prefix }

    /// The next free reference of `caseType` for an event that occurred at `occurredAt`.
    ///
    /// - Throws: `ValidationError` when the type and year have no number left after the
    ///   counter; what `writer` throws when the store cannot be read.
    /// - Complexity: one stream look-up, plus one for each number a caller took just after the
    ///   counter (the first allocation in a store written before counters were kept walks the
    ///   numbers already allocated, once).
    public mutating func next(_ caseType: CaseType, occurredAt: Timestamp, in writer: borrowing LogWriter) throws -> String {
        let year = caseType.hasYear ? EuropeLondon.date(of: occurredAt).year : nil
        let prefix = Self.prefix(caseType, year: year)
        let limit = Int(pow10(caseType.serialDigits)) - 1
        guard year.map({ (1000...9999).contains($0) }) ?? true else {
            throw ValidationError(.rule("no reference can be allocated for the year \(year!); give the reference with --case"),
                                  type: caseType.openingType)
        }
        var last: Int
        if let known = lastSerial[prefix] {
            last = known
        } else {
            last = Int(clamping: try writer.counter(named: Self.counterName(prefix: prefix)) ?? 0)
        }
        while last < limit {
            let candidate = CaseReference(caseType, year: year, serial: last + 1).description
            last += 1
            if try writer.streamHead(candidate) == nil {
                lastSerial[prefix] = last
                moved.insert(prefix)
                return candidate
            }
        }
        throw ValidationError(.rule("no reference left for \(prefix)…: every number is taken; give the reference with --case"),
                              type: caseType.openingType)
    }

    /// Takes back `reference`, the last one allocated, when it was not used after all.
    public mutating func giveBack(_ reference: String) {
        guard let parsed = CaseReference(reference) else { return }
        let prefix = Self.prefix(parsed.caseType, year: parsed.year)
        if lastSerial[prefix] == parsed.serial { lastSerial[prefix] = parsed.serial - 1 }
    }

    /// Saves the counters this write has moved, with the write.
    public func save(in writer: borrowing LogWriter) throws {
        for prefix in moved {
            guard let last = lastSerial[prefix] else { continue }
            try writer.saveCounter(UInt64(last), named: Self.counterName(prefix: prefix))
        }
    }

    /// What every reference of `caseType` and `year` starts with: `TS-2025-`, `P-`.
    private static func prefix(_ caseType: CaseType, year: Int?) -> String {
        year.map { "\(caseType.prefix)-\($0)-" } ?? "\(caseType.prefix)-"
    }

    private func pow10(_ digits: Int) -> Int64 {
        (0..<digits).reduce(1) { value, _ in value * 10 }
    }
}
