import ArgumentParser
import Casework
import EventLog
import Projections
#if canImport(Glibc)
import Glibc
#endif

/// Options every command takes: which store, and who is recording.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store's directory.",
            discussion: "Default: $CASELOG_STORE, else ./caselog-data.", valueName: "DIR"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("Who is recording (stamped on every event written).",
            discussion: "Default: $CASELOG_ACTOR, else your login name.", valueName: "NAME"))
    var actor: String?

    /// The environment variables caselog reads (each must be UTF-8 text, `Caselog.main`).
    static let environmentVariables = ["CASELOG_STORE", "CASELOG_ACTOR", "CASELOG_WRITE_WAIT_SECONDS"]

    /// The store directory to use.
    var storePath: String {
        if let store, !store.isEmpty { return store }
        if let fromEnvironment = getenv("CASELOG_STORE"), fromEnvironment.pointee != 0 { return String(cString: fromEnvironment) }
        return "./caselog-data"
    }

    /// Who is recording.
    var actorName: String {
        if let actor, !actor.isEmpty { return actor }
        if let fromEnvironment = getenv("CASELOG_ACTOR"), fromEnvironment.pointee != 0 { return String(cString: fromEnvironment) }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }

    func validate() throws {
        if let actor, actor.utf8.count > 255 || actor.isEmpty {
            throw ValidationError("--actor must be 1 to 255 bytes")
        }
    }

    /// Opens the existing store, with the built-in views kept current by every write.
    ///
    /// A store whose settings an older caselog kept beside the log has them written into
    /// the log as events now, once (DOMAIN.md §13), as its format is upgraded on opening.
    func openStore() throws -> EventStore {
        let store = try EventStore(openingAt: storePath, options: Self.storeOptions)
        try OrganisationSettings.moveSettingsIntoTheLog(in: store, actor: actorName)
        return store
    }

    /// The options every command opens a store with: durable, keeping the built-in views.
    static var storeOptions: EventStore.Options {
        var options = EventStore.Options()
        options.followers = BuiltInViews.followers
        return options
    }
}
