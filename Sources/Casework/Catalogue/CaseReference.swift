/// A parsed stream reference: `TS-2025-000123`, `SG-…`, `CMP-…`, `PR-2025-0007`, `FB-2025-000001`, `P-000042`.
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
        precondition((year != nil) == caseType.hasYear && serial >= 1 && serial < Self.powersOfTen[caseType.serialDigits]
                     && (year.map { (1000...9999).contains($0) } ?? true))
        self.caseType = caseType
        self.year = year
        self.serial = serial
    }

    /// 10⁰ … 10¹⁸: a serial of `n` digits is below `powersOfTen[n]`.
    private static let powersOfTen: [Int] = (0...18).map { (0..<$0).reduce(1) { product, _ in product * 10 } }

    /// Parses `text`; nil unless it matches one of the patterns exactly (upper-case prefix,
    /// four-digit year, the type's number of digits, serial not zero). Allocates nothing.
    public init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Self.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// The case types with their prefixes as bytes, made once: `allCases` builds a new array
    /// at each use, and a reference is parsed for every event written.
    private static let prefixes: [(bytes: [UInt8], type: CaseType)] = CaseType.allCases.map { (Array($0.prefix.utf8), $0) }

    /// Parses the UTF-8 bytes of a reference.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> CaseReference? {
        guard let dash = bytes.firstIndex(of: UInt8(ascii: "-")),
              let caseType = prefixes.first(where: { $0.bytes.count == dash && $0.bytes.elementsEqual(bytes[..<dash]) })?.type
        else { return nil }
        var start = dash + 1
        var year: Int?
        if caseType.hasYear {
            guard bytes.count - start > 5, bytes[start + 4] == UInt8(ascii: "-"),
                  let parsed = digits(bytes, from: start, count: 4), parsed >= 1000
            else { return nil }
            year = parsed
            start += 5
        }
        guard bytes.count - start == caseType.serialDigits, let serial = digits(bytes, from: start, count: caseType.serialDigits),
              serial > 0
        else { return nil }
        return CaseReference(caseType, year: year, serial: serial)
    }

    /// The value of exactly `count` ASCII digits from `start`; nil for anything else.
    private static func digits(_ bytes: UnsafeRawBufferPointer, from start: Int, count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<start + count {
            let byte = bytes[index]
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
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
