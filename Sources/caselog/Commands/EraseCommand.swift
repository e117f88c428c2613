import ArgumentParser
import CaseStore

/// `caselog erase P-… --reason …`: erase a subject's personal data (DOMAIN.md §8).
struct EraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a subject's personal data: destroy their keys, record subject.erased, print what was erased.",
        discussion: """
            Destroys the data keys of the subject's own record and of every case where they are \
            or ever were the subject, complainant or household, blanks those personal sections, \
            and records subject.erased with what was erased (counts and references, never the \
            values). The records and the hash chain stay as they are: `caselog verify` still \
            passes and counts the sections as erased; case, replay, chronology, exports and the \
            server show "erased". A log backup taken before no longer yields the values once the \
            key store has no key, but a key-store backup taken before still holds them: restore \
            one only as docs/PRIVACY.md says. Panel reviews keep their own keys. Other people's \
            free text that names the person is not found by any program (docs/PRIVACY.md). \
            Needs an encrypted store and its master key, and no other process using the key \
            store (stop `caselog serve` first: exit 75 otherwise). On the store's machine only.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The subject to erase.", valueName: "P-NNNNNN"))
    var subject: String

    @Option(name: .long, help: "Why: request, retention, legal-obligation or other.")
    var reason: ErasureReason

    @Option(name: .long, help: ArgumentHelp("Your reference for the request: 1 to 64 letters, digits, '.', '_', '/' or '-' (DSAR-2026-014), never the person's name.", valueName: "R"))
    var requestRef: String?

    @Option(name: .long, help: "text (the default) or json.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        try reportingFailures {
            try global.refuseServer("erase")
            let erasure = try global.openCaseStore().erase(subject, reason: reason, requestRef: requestRef, actor: global.login)
            Terminal.write(erasure.printout(format == .json ? .json : .text))
        }
    }
}

extension ErasureReason: ExpressibleByArgument {}
