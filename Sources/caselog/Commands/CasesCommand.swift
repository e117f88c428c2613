import ArgumentParser
import Casework
import Codec
import EventLog

/// `caselog cases`: the cases in the store, filtered.
struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "List cases: by type, worker, state or subject.",
        discussion: """
            Read from the stream heads alone (no case is replayed), so it stays quick on a large \
            store. `caselog case REF` shows one case with its deadlines and timeline.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "tenancy, safeguarding, complaint, review or subject.")
    var type: CaseType?

    @Option(name: .long, help: ArgumentHelp("Only cases assigned to this worker.", valueName: "W"))
    var worker: String?

    @Option(name: .long, help: "open or closed.")
    var state: CaseState?

    @Option(name: .long, help: ArgumentHelp("Only cases about this subject (household, subject or complainant).",
                                            valueName: "P-NNNNNN"))
    var subject: String?

    @Option(name: .long, help: "table (the default) or json.")
    var format: Format = .table

    enum Format: String, ExpressibleByArgument { case table, json }

    struct Listed {
        let reference: String
        let caseType: CaseType
        let lifecycle: CaseLifecycle
        let version: UInt64
        let openedAt: Timestamp?
        let lastEventAt: Timestamp?
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStoreForReading()
            var listed: [Listed] = []
            try store.read { reader in
                try reader.forEachStream { head in
                    guard let reference = CaseReference(head.name) else { return }
                    if let type, reference.caseType != type { return }
                    if type == nil && !reference.caseType.isCase { return }
                    guard let lifecycle = CaseLifecycle(encoded: head.state) else { return }
                    if let worker, lifecycle.assignedTo != worker { return }
                    if let state, (state == .open) != lifecycle.isOpen { return }
                    if let subject, lifecycle.subject != subject { return }
                    listed.append(Listed(reference: head.name, caseType: reference.caseType, lifecycle: lifecycle, version: head.version,
                                         openedAt: try reader.record(at: head.firstPosition)?.occurredAt,
                                         lastEventAt: try reader.record(at: head.lastPosition)?.occurredAt))
                }
            }
            listed.sort { ($0.caseType, $0.reference) < ($1.caseType, $1.reference) }
            switch format {
            case .json: printJSON(listed)
            case .table: printTable(listed)
            }
        }
    }

    private func printJSON(_ listed: [Listed]) {
        var json = JSONWriter(capacity: 256 * listed.count + 16)
        json.beginArray()
        for item in listed {
            json.beginObject()
            json.key("case"); json.string(item.reference)
            json.key("caseType"); json.string(item.caseType.rawValue)
            json.key("state"); json.string(item.lifecycle.isOpen ? "open" : "closed")
            json.key("version"); json.integer(Int64(item.version))
            json.key("stage")
            if item.caseType == .complaint { json.integer(Int64(item.lifecycle.stage)) } else { json.null() }
            json.key("assignedTo")
            if let worker = item.lifecycle.assignedTo { json.string(worker) } else { json.null() }
            json.key("subject")
            if let subject = item.lifecycle.subject { json.string(subject) } else { json.null() }
            json.key("openedAt")
            if let opened = item.openedAt { json.string(opened.iso8601) } else { json.null() }
            json.key("lastEventAt")
            if let last = item.lastEventAt { json.string(last.iso8601) } else { json.null() }
            json.endObject()
        }
        json.endArray()
        json.bytes.append(0x0A)
        Terminal.write(json.bytes)
    }

    private func printTable(_ listed: [Listed]) {
        let workerWidth = max(8, listed.map { Terminal.visible($0.lifecycle.assignedTo ?? "—").count }.max() ?? 0)
        Terminal.print(Terminal.padded("case", 17) + Terminal.padded("type", 14) + Terminal.padded("state", 8) + Terminal.padded("stage", 7) + Terminal.padded("worker", workerWidth + 2)
            + Terminal.padded("subject", 10) + Terminal.padded("opened", 12) + "last event")
        for item in listed {
            let stage = item.caseType == .complaint ? String(item.lifecycle.stage) : ""
            Terminal.print(Terminal.padded(item.reference, 17) + Terminal.padded(item.caseType.rawValue, 14) + Terminal.padded(item.lifecycle.isOpen ? "open" : "closed", 8)
                + Terminal.padded(stage, 7) + Terminal.padded(Terminal.visible(item.lifecycle.assignedTo ?? "—"), workerWidth + 2)
                + Terminal.padded(Terminal.visible(item.lifecycle.subject ?? "—"), 10)
                + Terminal.padded(item.openedAt.map { EuropeLondon.date(of: $0).iso8601 } ?? "", 12)
                + (item.lastEventAt.map { EuropeLondon.date(of: $0).iso8601 } ?? ""))
        }
        Terminal.note("\(listed.count) case\(listed.count == 1 ? "" : "s")")
    }
}

extension CaseType: ExpressibleByArgument {}
extension CaseState: ExpressibleByArgument {}
