import EventLog

/// The state of one stream folded from its records, kept as one row of a view
/// (`StreamView`): a case's summary, for example.
///
/// The engine hands a fold only its own stream's records, in version order, and may hand one
/// again (a catch-up that overlaps); `apply` must ignore a record at or below the versions it
/// has applied, so that folding is idempotent.
public protocol StreamFold: Sendable {
    /// The layout of `encoded()`: change it whenever the bytes change, so that rows written
    /// in another layout are folded again instead of misread.
    static var layoutVersion: UInt32 { get }

    /// An empty fold for stream `stream`; nil for a stream this view does not keep (it is
    /// then never asked again about that stream's records).
    init?(stream: String)

    /// The fold of stream `stream` read back from `encoded`; nil when the bytes are damaged.
    init?(stream: String, encoded: UnsafeRawBufferPointer)

    /// Folds one record of the stream in; ignores a record already applied.
    mutating func apply(_ record: RecordView)

    /// The version of the last record applied (0 before any).
    var version: UInt64 { get }

    /// The fold as bytes. The same records must give the same bytes however they were applied.
    func encoded() -> [UInt8]

    /// How much memory the fold holds, roughly, in entries: the rebuild writes folds out and
    /// drops them when the sum grows past its budget.
    var weight: Int { get }

    /// True when the fold is unlikely to change again (a closed case): dropped first.
    var isSettled: Bool { get }
}
