import EventLog

/// A view that the engine keeps current and can rebuild from position 1.
public protocol KeptView: WriteFollower {
    /// The view's name (`caselog rebuild NAME`).
    var name: String { get }

    /// Drops the view and folds the whole log again, in one write transaction.
    @discardableResult
    func rebuild(in store: EventStore, actor: String, progress: ((_ folded: UInt64, _ of: UInt64) -> Void)?) throws -> UInt64
}

/// The views that ship with caselog, kept current by every write of the command line.
public enum BuiltInViews {
    /// Every built-in view, in the order `caselog rebuild` rebuilds them.
    public static let all: [any KeptView] = [CaseSummaryView.kept]

    /// What every write keeps current (`EventStore.Options.followers`).
    public static var followers: [any WriteFollower] { all }

    /// The built-in view named `name`; nil when there is none.
    public static func named(_ name: String) -> (any KeptView)? { all.first { $0.name == name } }
}
