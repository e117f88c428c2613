import ArgumentParser
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
    func openStore() throws -> EventStore {
        try EventStore(openingAt: storePath, options: Self.storeOptions)
    }

    /// Opens the existing store to read only, for a command that writes nothing: it works for
    /// a user who may read the store but not write it, and on read-only media, where it says
    /// what it gave up.
    func openStoreForReading() throws -> EventStore {
        var options = Self.storeOptions
        options.access = .readOnly
        let store = try EventStore(openingAt: storePath, options: options)
        if store.readsWithoutLock {
            Terminal.note("the store is read-only for you; reading without LMDB's reader lock: a writer at the same time could change what is read")
        }
        return store
    }

    /// Opens the existing store to read and write when this user may, else to read only: for a
    /// command that reads, and saves what it derived when it can (a kept projection's state).
    func openStoreSavingWhenPermitted() throws -> EventStore {
        do {
            return try openStore()
        } catch StoreError.permissionDenied {
            return try openStoreForReading()
        }
    }

    /// The options every command opens a store with: durable, keeping the built-in views,
    /// waiting `writeWait` for another process's write.
    static var storeOptions: EventStore.Options {
        var options = EventStore.Options()
        options.followers = BuiltInViews.followers
        options.writeWait = writeWait
        return options
    }

    /// How long a write waits for another process's write before it gives up (exit 75): 10 s,
    /// or `$CASELOG_WRITE_WAIT_SECONDS` (for tests). The one place the command line sets it.
    static var writeWait: Duration {
        if let text = getenv("CASELOG_WRITE_WAIT_SECONDS").map({ String(cString: $0) }), let seconds = Double(text), seconds >= 0 {
            return .milliseconds(Int64(seconds * 1000))
        }
        return .seconds(10)
    }
}
