/// A parsed stream reference: `TS-2025-000123`, `SG-…`, `CMP-…`, `PR-2025-0007`, `P-000042`.
public struct CaseReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// What kind of stream it names.
    public let caseType: CaseType
    /// The year, for case references; nil for subjects.
    public let year: Int?
    /// The serial number within the type (and year), from 1.
    public let serial: Int

    /// The reference of `caseType` with `year` and `serial`.
    ///
    /// - Precondition: `serial` fits the type's digits, `year` is present exactly when the type
    ///   has one and is between 1000 and 9999.
    public init(_ caseType: CaseType, year: Int?, serial: Int) {
        precondition((year != nil) == caseType.hasYear && serial >= 1 && String(serial).count <= caseType.serialDigits
                     && (year.map { (1000...9999).contains($0) } ?? true))
        self.caseType = caseType
        self.year = year
        self.serial = serial
    }

    /// Parses `text`; nil unless it matches one of the patterns exactly (upper-case prefix,
    /// four-digit year, the type's number of digits, serial not zero). Allocates nothing.
    public init?(_ text: String) {
        let parsed = text.utf8.withContiguousStorageIfAvailable(Self.parse) ?? Self.parse(Array(text.utf8))
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses the UTF-8 bytes of a reference.
    static func parse(_ bytes: some RandomAccessCollection<UInt8>) -> CaseReference? {
        guard let dash = bytes.firstIndex(of: UInt8(ascii: "-")),
              let caseType = CaseType.allCases.first(where: { $0.prefix.utf8.elementsEqual(bytes[..<dash]) })
        else { return nil }
        var rest = bytes[bytes.index(after: dash)...]
        var year: Int?
        if caseType.hasYear {
            guard rest.count > 5, rest[rest.index(rest.startIndex, offsetBy: 4)] == UInt8(ascii: "-"),
                  let parsed = digits(rest.prefix(4), count: 4), parsed >= 1000
            else { return nil }
            year = parsed
            rest = rest.dropFirst(5)
        }
        guard let serial = digits(rest, count: caseType.serialDigits), serial > 0 else { return nil }
        return CaseReference(caseType, year: year, serial: serial)
    }

    /// The value of exactly `count` ASCII digits; nil for anything else.
    private static func digits(_ bytes: some Collection<UInt8>, count: Int) -> Int? {
        guard bytes.count == count, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    public var description: String {
        let serialText = String(serial)
        let padded = String(repeating: "0", count: max(0, caseType.serialDigits - serialText.count)) + serialText
        if let year { return "\(caseType.prefix)-\(year)-\(padded)" }
        return "\(caseType.prefix)-\(padded)"
    }

    public static func < (lhs: CaseReference, rhs: CaseReference) -> Bool {
        (lhs.caseType, lhs.year ?? 0, lhs.serial) < (rhs.caseType, rhs.year ?? 0, rhs.serial)
    }
}
