/// The kind of stream an event belongs to (DOMAIN.md §1, §10): five kinds of case (feedback, a
/// compliment or suggestion, beside complaints), and subjects.
public enum CaseType: String, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case tenancy, safeguarding, complaint, review, feedback, subject

    /// The reference's prefix: `TS`, `SG`, `CMP`, `PR`, `FB` or `P`.
    public var prefix: String {
        switch self {
        case .tenancy: "TS"
        case .safeguarding: "SG"
        case .complaint: "CMP"
        case .review: "PR"
        case .feedback: "FB"
        case .subject: "P"
        }
    }

    /// How many digits the serial number of a reference has.
    public var serialDigits: Int { self == .review ? 4 : 6 }

    /// True when the reference carries the year of its opening event (`TS-2025-000001`); subject
    /// references do not (`P-000001`).
    public var hasYear: Bool { self != .subject }

    /// The reference pattern, as people read it: `TS-YYYY-NNNNNN`, `PR-YYYY-NNNN`, `P-NNNNNN`.
    public var pattern: String {
        let serial = String(repeating: "N", count: serialDigits)
        return hasYear ? "\(prefix)-YYYY-\(serial)" : "\(prefix)-\(serial)"
    }

    /// The event type that opens a stream of this kind.
    public var openingType: String {
        switch self {
        case .tenancy: "tenancy.referral-received"
        case .safeguarding: "safeguarding.concern-raised"
        case .complaint: "complaint.received"
        case .review: "review.opened"
        case .feedback: "feedback.received"
        case .subject: "subject.registered"
        }
    }

    /// Subjects are people and households, not cases.
    public var isCase: Bool { self != .subject }

    public var description: String { rawValue }

    public static func < (lhs: CaseType, rhs: CaseType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
