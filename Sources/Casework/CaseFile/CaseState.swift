/// Whether a case is open or closed (`CaseFile.state`).
///
/// A case is open from its opening event until a closing event (`tenancy.case-closed`,
/// `safeguarding.closed`, `review.closed`, `complaint.closed`, `feedback.closed`, or `complaint.withdrawn`: a
/// withdrawn complaint is closed), and open again after `case.reopened`. A subject stream is
/// never closed.
public enum CaseState: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Work on the case goes on.
    case open
    /// The case was closed (or the complaint withdrawn) and not reopened since.
    case closed
    /// The case was entered in error: its opening event was voided (`case.entry-voided`,
    /// DOMAIN.md §10). It stays in the log and the replay, and counts in no view, deadline or report.
    case voided

    /// `open`, `closed` or `voided`: the raw value, stable for output.
    public var description: String { rawValue }
}
