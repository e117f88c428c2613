import EventLog

/// A `case.entry-corrected` shown beside the entry it corrects: the original stays as it was
/// recorded, and the correction is shown with it, never silently applied.
public struct ReplayCorrection: Sendable, Equatable {
    /// The correction's position in the log.
    public let position: UInt64
    /// The correction's version in its case.
    public let version: UInt64
    /// When the correction says it was made.
    public let occurredAt: Timestamp
    /// When the store wrote it.
    public let recordedAt: Timestamp
    /// Who recorded it.
    public let actor: String
    /// Why the entry was corrected; nil when withheld (it is personal data, DOMAIN.md §8, shown
    /// only with `--include-personal`).
    public let reason: String?
    /// The corrected fields (personal ones only with `--include-personal`).
    public let changes: [ReplayField]
    /// What became of the correction's personal fields.
    public let personal: ReplayPersonal
}
