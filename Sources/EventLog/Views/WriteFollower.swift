/// Something derived from the log that is kept current in the same write transaction as the
/// events it follows: the views that caseworkers read right after recording
/// (`EventStore.Options.followers`).
///
/// A follower reads what the write appended (`LogWriter.scan(from:)` from its checkpoint),
/// writes its rows (`LogWriter.putViewRow`) and its checkpoint (`LogWriter.saveCheckpoint`);
/// all of it commits with the events or not at all.
public protocol WriteFollower: Sendable {
    /// Called once in every write that appended, after the writer's body and before the commit.
    /// What it throws abandons the whole write.
    func follow(_ writer: inout LogWriter) throws
}
