import ArgumentParser
import Casework

/// `caselog export`: every event as a JSON line.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print every event as a JSON line, with its position, version, recorded time, actor and hash.",
        discussion: """
            The output imports into an empty store as an exact copy (same chain, same head). \
            It includes personal data unless --without-personal is given: keep it as safe as the store.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Start at this position.", valueName: "POSITION"))
    var from: UInt64 = 1

    @Flag(name: .long, help: "Leave out personal data (the output then cannot restore a store).")
    var withoutPersonal = false

    func validate() throws {
        if from == 0 { throw ValidationError("--from counts from 1") }
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            var json = JSONWriter(capacity: 1 << 20)
            try store.read { reader in
                try reader.scan(from: from) { record in
                    let personal = withoutPersonal || !record.hasPersonalData ? nil : try reader.personalData(at: record.position)
                    try EventLineWriter.write(record, personal: personal, into: &json)
                    json.bytes.append(0x0A)
                    if json.bytes.count >= 256 << 10 {
                        Terminal.write(json.bytes)
                        json.removeAll()
                    }
                }
            }
            Terminal.write(json.bytes)
        }
    }
}
