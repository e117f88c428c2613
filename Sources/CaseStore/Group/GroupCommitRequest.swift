import Casework

/// What one caller asks a `GroupCommitter` to record: its events, all or none of them, in
/// order, as one person.
public struct GroupCommitRequest: Sendable {
    /// The events, in order: a later one may be about a case an earlier one opens.
    public var events: [NewEvent]
    /// Who asks (the server's authenticated user): stamped on each event as its actor, while
    /// the write itself is caselog's own.
    public var actor: String
    /// The version the case of the request's only event must be at (HTTP `If-Match`); nil: none.
    /// The request's one event then expects that version, as `NewEvent.expectedVersion`
    /// would, so that a caller can tell a failed precondition from a conflict it stated in the
    /// event itself.
    public var ifMatch: UInt64?
    /// The policy each event is checked against before it is recorded (the server's user);
    /// nil: none (the store's owner). A refused event refuses the request (not permitted, 403).
    public var policy: RecordingPolicy?
    /// A read of † fields to record in the access log (`access.personal-read`) instead of events,
    /// so that a server's reads are logged in the same commit as concurrent writes.
    public var personalRead: PersonalRead?

    /// A request to record `events` as `actor`, expecting `ifMatch` when given, each checked against `policy`.
    public init(events: [NewEvent], actor: String, ifMatch: UInt64? = nil, policy: RecordingPolicy? = nil) {
        self.events = events
        self.actor = actor
        self.ifMatch = ifMatch
        self.policy = policy
    }

    /// A request to log `read` in the access stream, durably, before the read's answer leaves.
    public init(logging read: PersonalRead) {
        events = []
        actor = read.user
        personalRead = read
    }

    /// The events as the recorder takes them: each stamped with the request's actor (unless it
    /// says who recorded it elsewhere), the only one expecting `ifMatch`.
    ///
    /// - Throws: `CaselogError` (usage) for `ifMatch` with other than one event.
    func stampedEvents() throws -> [NewEvent] {
        if ifMatch != nil && events.count != 1 {
            throw CaselogError(.usage, "If-Match names the version of one event's case; this request has \(events.count) events",
                               cause: GroupCommitter.IfMatchNeedsOneEvent())
        }
        return events.map { event in
            var stamped = event
            if stamped.recordedAt == nil { stamped.recordedBy = actor }
            if let ifMatch { stamped.expectedVersion = ifMatch }
            return stamped
        }
    }
}
