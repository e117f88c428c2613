import ArgumentParser
import Casework
import CaseStore
import CaselogServer
import EventLog
import Projections
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Options every command takes: which store, and whom the OS login acts for.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store's directory.",
            discussion: "Default: $CASELOG_STORE, else ./caselog-data.", valueName: "DIR"))
    var store: String?

    @Option(name: .customLong("on-behalf-of"), help: ArgumentHelp(
            "Whom you act for: recorded beside your login on every event written and every read of personal data logged.",
            discussion: "On the store's machine your OS login is always the actor (docs/ACCESS.md); through --server, the token's user is.",
            valueName: "NAME"))
    var onBehalfOfOption: String?

    /// The old spelling of `--on-behalf-of` (`onBehalfOf`), which it now is.
    @Option(name: .long, help: ArgumentHelp("The old spelling of --on-behalf-of.", valueName: "NAME", visibility: .hidden))
    var actor: String?

    @Option(name: .customLong("server"), help: ArgumentHelp("Work through the caselog server at URL instead of a local store.",
            discussion: "http(s)://HOST[:PORT]. Default: $CASELOG_SERVER. The token is $CASELOG_TOKEN (docs/SERVER.md).",
            valueName: "URL"))
    var serverURL: String?

    /// The environment variables caselog reads (each must be UTF-8 text, `Caselog.main`).
    static let environmentVariables = ["CASELOG_STORE", "CASELOG_ACTOR", "CASELOG_WRITE_WAIT_SECONDS", "CASELOG_SERVER", "CASELOG_TOKEN",
                                       "CASELOG_KEYS", "CASELOG_MASTER_KEY_FILE"]

    /// The server to work through: `--server`, else `$CASELOG_SERVER`; nil for the local store.
    ///
    /// - Throws: `CommandFailure` (64) for a URL that is not `http(s)://HOST[:PORT]`, `http://` to
    ///   a host beyond loopback (the token would cross the network in clear), a missing
    ///   `$CASELOG_TOKEN`, or `--store`, `--on-behalf-of` or `--actor` beside it (the store and
    ///   the actor are the server's).
    func server() throws(CommandFailure) -> ServerClient? {
        guard let (text, source) = serverSetting else { return nil }
        guard let address = ServerAddress(text) else {
            throw CommandFailure(code: ExitStatus.usage, message: "\(source) \"\(Terminal.visible(String(text.prefix(200))))\" "
                + "is not a server address: give http://HOST[:PORT] or https://HOST[:PORT]")
        }
        let bareHost = address.host.hasPrefix("[") ? String(address.host.dropFirst().dropLast()) : address.host
        if address.scheme == "http" && !ServerOptions.isLoopback(bareHost) {
            // As `serve` refuses to listen beyond loopback without TLS, the client refuses to speak without it.
            throw CommandFailure(code: ExitStatus.usage, message: "\(source) \(address.url) would send the token in clear: "
                + "use https://\(address.host)\(address.port.map { ":\($0)" } ?? ""), or http:// only to this machine (127.0.0.1, localhost)")
        }
        if store != nil {
            throw CommandFailure(code: ExitStatus.usage, message: "--store names a local store, and \(source) a server: leave one out")
        }
        if let option = onBehalfOfOption != nil ? "--on-behalf-of" : actor != nil ? "--actor" : nil {
            throw CommandFailure(code: ExitStatus.usage, message: "\(option) is not sent to a server: "
                + "what you record there is recorded by the user of $CASELOG_TOKEN")
        }
        return try ServerClient(address: address, token: Self.environment("CASELOG_TOKEN"))
    }

    /// Refuses a command that works on the store's own machine only (DOMAIN.md §13) when a
    /// server is given.
    ///
    /// - Throws: `CommandFailure` (64) naming the command.
    func refuseServer(_ command: String) throws(CommandFailure) {
        guard let (_, source) = serverSetting else { return }
        let fix = source == "--server" ? "leave out --server" : "unset CASELOG_SERVER"
        throw CommandFailure(code: ExitStatus.usage, message: "caselog \(command) works on the store's own machine: \(fix)")
    }

    /// The server's URL and where it was given, when it was.
    private var serverSetting: (text: String, source: String)? {
        if let serverURL { return (serverURL, "--server") }
        return Self.environment("CASELOG_SERVER").map { ($0, "$CASELOG_SERVER") }
    }

    /// The environment variable `name`, when it is set and not empty.
    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name), value.pointee != 0 else { return nil }
        return String(cString: value)
    }

    /// The key store's directory: `$CASELOG_KEYS`, else the store's with `.keys` added.
    var keyStorePath: String {
        Self.environment(KeyStore.environmentVariable) ?? KeyStore.defaultPath(forStore: storePath)
    }

    /// The master key file: the one `$CASELOG_MASTER_KEY_FILE` names, else the one `caselog
    /// init` left beside the store, when it is still there.
    ///
    /// - Throws: `KeyStoreError.masterKeyNotNamed` (64) when neither is.
    func masterKeyFile() throws -> String {
        guard let path = masterKeyFileIfAny else { throw KeyStoreError.masterKeyNotNamed }
        return path
    }

    /// `masterKeyFile()`, or nil.
    private var masterKeyFileIfAny: String? {
        if let named = Self.environment(MasterKey.environmentVariable) { return named }
        let beside = MasterKey.defaultPath(forStore: storePath)
        return access(beside, F_OK) == 0 ? beside : nil
    }

    /// Makes the key store of the new store at `store` (`init`, `demo`): with the master key file
    /// `$CASELOG_MASTER_KEY_FILE` names, or a new one beside the store when it names none
    /// (made when missing, used when it exists). Returns the key store and the master key
    /// file, whether that file was made now and whether the key store was.
    ///
    /// - Parameter reusing: whether a key store that holds keys already may be used (`keys
    ///   encrypt` run again); `init` and `demo` refuse one (exit 73): its keys are another
    ///   store's, or a removed store's.
    /// - Throws: as `KeyStore.init` and `MasterKey.read`/`write`; `CommandFailure` (73).
    func makeKeyStore(forStore store: String, reusing: Bool = false) throws
        -> (keyStore: KeyStore, masterKeyFile: String, madeMasterKey: Bool, madeKeyStore: Bool) {
        let file = Self.environment(MasterKey.environmentVariable) ?? MasterKey.defaultPath(forStore: store)
        let keys = Self.environment(KeyStore.environmentVariable) ?? KeyStore.defaultPath(forStore: store)
        let existed = access(keys + "/data.mdb", F_OK) == 0
        var made = false
        if access(file, F_OK) != 0 {
            try MasterKey.generate().write(to: file)
            made = true
        }
        do {
            let keyStore = try KeyStore(path: keys, master: MasterKey.read(from: file), createIfMissing: true)
            let count = try keyStore.count
            if existed && !reusing && count > 0 {
                throw CommandFailure(code: ExitStatus.cannotCreate, message: "the key store at \(keys) holds \(Terminal.grouped(UInt64(count))) keys "
                    + "already (another store's, or a removed store's): give CASELOG_KEYS a new directory; nothing was created")
            }
            return (keyStore, file, made, !existed)
        } catch {
            if made { unlink(file) }
            throw error
        }
    }

    /// The store directory to use.
    var storePath: String {
        if let store, !store.isEmpty { return store }
        if let fromEnvironment = getenv("CASELOG_STORE"), fromEnvironment.pointee != 0 { return String(cString: fromEnvironment) }
        return "./caselog-data"
    }

    /// The OS login running the command: the actor of every event it writes and the user of
    /// every read it logs (DOMAIN.md §13), whatever the options say.
    var login: String { LocalLogin.name }

    /// Whom the login acts for: `--on-behalf-of`, else its old spellings `--actor` and
    /// `$CASELOG_ACTOR`, which say so on standard error (once a process); nil for nobody.
    var onBehalfOf: String? {
        if let onBehalfOfOption { return onBehalfOfOption }
        let old = actor.map { ($0, "--actor") } ?? Self.environment("CASELOG_ACTOR").map { ($0, "$CASELOG_ACTOR") }
        guard let (name, spelling) = old else { return nil }
        if !Self.saidOldSpelling.exchange(true, ordering: .relaxed) {
            Terminal.error("\(spelling) is now --on-behalf-of; the OS login \(login) is recorded as the actor")
        }
        return name
    }

    /// Whether the old spelling's line has been printed.
    private static let saidOldSpelling = Atomic<Bool>(false)

    func validate() throws {
        if onBehalfOfOption != nil && actor != nil {
            throw ValidationError("--actor is the old spelling of --on-behalf-of: give one of them")
        }
        for (option, name) in [("--on-behalf-of", onBehalfOfOption), ("--actor", actor)] {
            if let name, !(1...255).contains(name.utf8.count) || !name.utf8.contains(where: { $0 > 0x20 }) {
                throw ValidationError("\(option) takes a name of 1 to 255 bytes")
            }
        }
    }

    /// Opens the existing store through the front door (the built-in views kept current by
    /// every write), for `onBehalfOf`. A store whose settings an older caselog kept beside the
    /// log has them written into the log as events now, once (DOMAIN.md §13), as its format is
    /// upgraded.
    func openCaseStore() throws -> CaseStore {
        var options = storeOptions
        options.keyStore = try openKeyStoreWhenConfigured()
        return try CaseStore(openingAt: storePath, options: options, actor: login)
    }

    /// The key store at `keyStorePath`, opened with the master key file (`masterKeyFile()`),
    /// when both exist: then † fields are written encrypted (in a store that encrypts them,
    /// format 3) and read decrypted (docs/FORMAT.md §5, envelope 2). Nil otherwise: encrypted
    /// † fields read as without key, and a store that encrypts refuses to write one.
    ///
    /// - Throws: `KeyStoreError.masterKeyMissing`, `.masterKeyExposed`, `.masterKeyMalformed`,
    ///   `.wrongMasterKey`, `.notAKeyStore`; `StoreError.permissionDenied`.
    func openKeyStoreWhenConfigured() throws -> KeyStore? {
        let path = keyStorePath
        guard access(path + "/data.mdb", F_OK) == 0, let masterPath = masterKeyFileIfAny else { return nil }
        return try KeyStore(path: path, master: MasterKey.read(from: masterPath))
    }

    /// Opens the existing store to read only, for a command that writes nothing: it works for
    /// a user who may read the store but not write it, and on read-only media, where it says
    /// what it gave up.
    func openCaseStoreForReading() throws -> CaseStore {
        var options = storeOptions
        options.isReadOnly = true
        options.keyStore = try openKeyStoreWhenConfigured()
        let store = try CaseStore(openingAt: storePath, options: options, actor: login)
        if store.readsWithoutLock {
            Terminal.note("the store is read-only for you; reading without LMDB's reader lock: a writer at the same time could change what is read")
        }
        return store
    }

    /// The log of `openCaseStore()`, for a command that works on the log itself.
    func openStore() throws -> EventStore { try openCaseStore().log }

    /// The log of `openCaseStoreForReading()`.
    func openStoreForReading() throws -> EventStore { try openCaseStoreForReading().log }

    /// Opens the existing store to read and write when this user may, else to read only: for a
    /// command that reads, and saves what it derived when it can (a kept projection's state).
    func openCaseStoreSavingWhenPermitted() throws -> CaseStore {
        do {
            return try openCaseStore()
        } catch StoreError.permissionDenied {
            return try openCaseStoreForReading()
        }
    }

    /// The log of `openCaseStoreSavingWhenPermitted()`.
    func openStoreSavingWhenPermitted() throws -> EventStore { try openCaseStoreSavingWhenPermitted().log }

    /// The options every command opens a store with: durable, waiting for another process's
    /// write as `writeWaitFromEnvironment` says, else as the store's setting does.
    static var storeOptions: CaseStore.Options {
        var options = CaseStore.Options()
        options.writeWait = writeWaitFromEnvironment
        return options
    }

    /// `storeOptions`, for `onBehalfOf`: what the command writes is recorded for them.
    var storeOptions: CaseStore.Options {
        var options = Self.storeOptions
        options.onBehalfOf = onBehalfOf
        return options
    }

    /// How long a write waits for another process's write before it gives up (exit 75), the
    /// one place the command line sets it: `$CASELOG_WRITE_WAIT_SECONDS` when given (for
    /// tests), else the store's setting `write.wait-seconds` in force, else 10 s. The setting is
    /// read only when another process holds the writer.
    static var writeWaitFromEnvironment: Duration? {
        // Held to the setting's range: a wait of 1e300 seconds is no wait a person means.
        if let text = getenv("CASELOG_WRITE_WAIT_SECONDS").map({ String(cString: $0) }), let seconds = Double(text), seconds.isFinite,
           seconds >= 0 {
            return .milliseconds(Int64(min(seconds, Double(StoreSetting.writeWaitSeconds.range.upperBound)) * 1000))
        }
        return nil
    }
}
