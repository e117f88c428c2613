import ArgumentParser
import CaseStore
import EventLog
#if canImport(Glibc)
import Glibc
#endif

/// `caselog init`: create the store.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty store (readable by you only). Does nothing if one exists.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            try global.refuseServer("init")
            let path = global.storePath
            if access(path + "/data.mdb", F_OK) == 0 {
                let events = try global.openCaseStoreForReading().log.head().position
                Terminal.print("a store already exists at \(path) (\(Terminal.grouped(events)) events); nothing changed")
                return
            }
            let keys = try global.makeKeyStore(forStore: path)
            var options = GlobalOptions.storeOptions
            options.keyStore = keys.keyStore
            do {
                _ = try CaseStore.create(at: path, options: options)
            } catch {
                // Nothing that looks like a store, or a key store with no store, is left behind.
                if keys.madeKeyStore { KeyStore.discardNew(at: keys.keyStore.path) }
                if keys.madeMasterKey { unlink(keys.masterKeyFile) }
                throw error
            }
            Terminal.print("created an empty store at \(path); personal data in it is encrypted with keys kept in \(keys.keyStore.path)")
            Terminal.print(Self.masterKeyAdvice(file: keys.masterKeyFile, made: keys.madeMasterKey))
        }
    }

    /// What to do with the master key file now: said by `init` and `demo`.
    static func masterKeyAdvice(file: String, made: Bool) -> String {
        made ? "wrote the master key to \(file) (mode 0600): move it off this machine, keep a copy apart from every backup, "
            + "and set CASELOG_MASTER_KEY_FILE to where it is when caselog runs; without it the personal data cannot be read"
            : "its keys are wrapped by the master key in \(file)"
    }
}
