/// What became of an event's personal (†) fields in a replay.
public enum ReplayPersonal: Sendable, Equatable {
    /// The event has none.
    case none
    /// Left out (the default); the names of the fields withheld, never their values.
    case withheld([String])
    /// Shown among the fields (`--include-personal`).
    case shown
    /// The event had some, but they have been erased from the store.
    case erased
}
