import ArgumentParser
import CaseStore
#if canImport(Glibc)
import Glibc
#endif

/// `caselog watch`: runs a command for each matching event as it is recorded, from a
/// checkpoint kept in the store, so that none is missed across restarts.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Run a command for each matching event as it is recorded (an alert), missing none across restarts.",
        discussion: """
            For each event of --type whose data has every --where FIELD=VALUE (a list field \
            matches when it holds the value), runs CMD with /bin/sh, giving it the event line \
            as JSON without personal (†) fields on standard input and CASELOG_EVENT_POSITION, \
            CASELOG_EVENT_TYPE and CASELOG_EVENT_CASE in its environment. For the \
            immediate-risk alert:

              caselog watch --type safeguarding.concern-raised --where immediateRisk=true \\
                --exec 'mail -s "Immediate risk" safeguarding-lead@example.org'

            After CMD exits 0 the watch's checkpoint (`watch:NAME` in the store) moves past \
            the event; when it fails, the event is tried again (after 1 s, then longer, up to \
            a minute), so each event is handed on at least once: a command that may see an \
            event twice should be idempotent (the event's id is in its line). The first run \
            starts at the newest event unless --from says where; later runs go on from the \
            checkpoint. NAME defaults to the type and the conditions. --no-follow stops once \
            every event recorded so far is handled (for cron), exiting 75 when CMD failed.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Only events of this type.", valueName: "TYPE"))
    var type: String?

    @Option(name: .long, help: ArgumentHelp("Only events whose data field has this value (needs --type; repeatable).", valueName: "FIELD=VALUE"))
    var `where`: [String] = []

    @Option(name: .long, help: ArgumentHelp("The command to run for each event (by /bin/sh -c).", valueName: "CMD"))
    var exec: String

    @Option(name: .long, help: ArgumentHelp("The watch's name, under which its checkpoint is kept.", valueName: "NAME"))
    var name: String?

    @Option(name: .long, help: ArgumentHelp("On the first run, start at this position instead of after the newest event.", valueName: "N"))
    var from: UInt64?

    @Flag(name: .customLong("no-follow"), help: "Stop when every event recorded so far is handled.")
    var noFollow = false

    /// The checkpoint's name: given, or the selection written out.
    var watchName: String {
        name ?? ([type ?? "any"] + `where`.sorted()).joined(separator: " ")
    }

    func validate() throws {
        if exec.isEmpty { throw ValidationError("--exec needs a command") }
        if let name, name.isEmpty || name.utf8.count > 200 || name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw ValidationError("--name must be 1 to 200 bytes of text without control characters")
        }
        if let from, from == 0 { throw ValidationError("--from counts from 1, the first event") }
        if name == nil && watchName.utf8.count > 200 { throw ValidationError("give the watch a shorter --name") }
    }

    func run() throws {
        try reportingFailures {
            try global.refuseServer("watch")
            let selection = try EventSelection(type: type, conditions: `where`)
            let store = try global.openCaseStore()
            var checkpoint: UInt64
            if let saved = try store.watchCheckpoint(named: watchName) {
                checkpoint = saved
            } else {
                checkpoint = try from.map { $0 - 1 } ?? store.headPosition()
                try store.saveWatchCheckpoint(checkpoint, named: watchName, actor: global.login)
                Terminal.note("watch \"\(watchName)\" starts after position \(checkpoint)")
            }
            var failed = false
            let handle: (FedEvent) throws -> Void = { event in
                try deliver(event, retrying: !noFollow)
                checkpoint = event.position
                try store.saveWatchCheckpoint(checkpoint, named: watchName, actor: global.login)
            }
            do {
                if noFollow {
                    let scanned = try store.events(after: checkpoint, selecting: selection, handle)
                    if scanned > checkpoint { try store.saveWatchCheckpoint(scanned, named: watchName, actor: global.login) }
                } else {
                    try followSaving(store, from: checkpoint, selection: selection, handle)
                }
            } catch let stop as CommandFailure where stop.code == ExitStatus.conflict {
                failed = true
                Terminal.error(stop.message)
            }
            if failed { throw ExitCode(ExitStatus.conflict) }
        }
    }

    /// Follows the log, saving the checkpoint past events that are not selected too, once a
    /// batch of them is read, so that a restart does not read them again.
    private func followSaving(_ store: CaseStore, from start: UInt64, selection: EventSelection,
                              _ handle: (FedEvent) throws -> Void) throws {
        var checkpoint = start
        while true {
            let scanned = try store.events(after: checkpoint, selecting: selection, handle)
            if scanned > checkpoint {
                try store.saveWatchCheckpoint(scanned, named: watchName, actor: global.login)
                checkpoint = scanned
            } else {
                var pause = timespec(tv_sec: 0, tv_nsec: 50_000_000)
                nanosleep(&pause, nil)
            }
        }
    }

    /// Runs the command for `event` until it exits 0; without `retrying`, fails at once.
    private func deliver(_ event: FedEvent, retrying: Bool) throws {
        var pause: UInt32 = 1
        while true {
            let status = try ShellCommand.run(exec, input: event.line + [0x0A], variables: [
                ("CASELOG_EVENT_POSITION", String(event.position)), ("CASELOG_EVENT_TYPE", event.type),
                ("CASELOG_EVENT_CASE", event.caseReference),
            ])
            if status == 0 { return }
            let what = "watch \"\(watchName)\": the command exited \(status) for the event at position \(event.position)"
            guard retrying else {
                throw CommandFailure(code: ExitStatus.conflict, message: "\(what); it will be handed on again at the next run")
            }
            Terminal.error("\(what); trying again in \(pause) s")
            sleep(pause)
            pause = min(pause * 2, 60)
        }
    }
}
