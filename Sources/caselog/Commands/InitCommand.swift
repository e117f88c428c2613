import ArgumentParser
import CaseStore
import EventLog

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
            let (store, created) = try CaseStore.create(at: path, options: GlobalOptions.storeOptions)
            if created {
                Terminal.print("created an empty store at \(path)")
            } else {
                let events = try store.log.head().position
                Terminal.print("a store already exists at \(path) (\(Terminal.grouped(events)) events); nothing changed")
            }
        }
    }
}
