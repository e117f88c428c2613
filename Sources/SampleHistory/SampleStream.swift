import Casework
/// What the simulator knows of one stream while it generates events for it.
struct SampleStream {
    let reference: String
    /// The id of the opening event.
    let openingEventID: String
    /// When the stream's opening event was recorded: anything that names this stream must be
    /// recorded at or after it.
    let openedRecordedAt: Int64
    /// When its latest event was recorded: the next one is recorded at or after it, so that the
    /// stream's events reach the store in the order they were generated.
    var lastRecordedAt: Int64
    var isClosed = false

    var handle: SampleCaseHandle {
        SampleCaseHandle(reference: reference, openedRecordedAt: openedRecordedAt)
    }
}

/// Another stream's reference, as a case that names it needs it.
struct SampleCaseHandle {
    let reference: String
    let openedRecordedAt: Int64
}

extension SampleStream {
    /// A placeholder for a case whose opening event has not been generated yet.
    static let unopened = SampleStream(reference: "", openingEventID: "", openedRecordedAt: .min, lastRecordedAt: .min)
}
