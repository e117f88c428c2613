/// Where a deadline stands on a given date (`Deadline.status(asOf:)`).
public enum DeadlineStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Done on or before the due date.
    case met
    /// Done, after the due date.
    case late
    /// Not done, and the due date has not passed (it may be today).
    case open
    /// Not done, and the due date has passed.
    case overdue

    /// True once the step is done (`met` or `late`).
    public var isDone: Bool { self == .met || self == .late }

    /// True when the due date was or is being missed (`late` or `overdue`): a breach.
    public var isBreach: Bool { self == .late || self == .overdue }

    /// `met`, `late`, `open` or `overdue`: the raw value, stable for output.
    public var description: String { rawValue }
}
