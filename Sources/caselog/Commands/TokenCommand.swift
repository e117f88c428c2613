import ArgumentParser
import CaseStore
import EventLog

/// `caselog token`: bearer tokens for `caselog serve`, each issue and revocation an event of
/// the store's access stream (DOMAIN.md §13). Run on the store's machine, by its owner.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue, revoke and list the bearer tokens of `caselog serve`.",
        discussion: """
            A token is 256 random bits, printed once on standard output; the store keeps only \
            its SHA-256 (an access.token-issued event). A running server accepts a new token, \
            and refuses a revoked one, from its next request.
            """,
        subcommands: [Create.self, Revoke.self, List.self])

    /// `caselog token create NAME`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Issue a token to a user (`--user NAME`); prints the token once.",
            discussion: """
                On a store without users, the first token's user is added with role admin. After \
                that a token goes only to a user `caselog user add` added, never to a disabled one.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The user the token authenticates: the actor of every event recorded with it.") var user: String?
        @Argument(help: "The user, as --user gives it (kept for scripts written before users had roles).") var userName: String?

        var name: String { user ?? userName ?? "" }

        func validate() throws {
            guard (user == nil) != (userName == nil) else { throw ValidationError("name the user once: --user NAME") }
        }
        @Option(help: "Days it stays valid (1 to 3650); the setting tokens.expiry-days (90) when not given.")
        var expiresInDays: Int?

        func run() throws {
            try reportingFailures {
                try global.refuseServer("token")
                let issued = try global.openCaseStore().issueToken(to: name, expiresInDays: expiresInDays, actor: global.login)
                // Only the token on standard output, so that a script can take it; the rest says
                // what was done and holds nothing secret.
                Terminal.print(issued.token)
                Terminal.error("token \(issued.info.tokenId) for \(name), valid until \(issued.info.expiresAt.iso8601)"
                    + (issued.addedUser ? "; user \(name) added with role admin" : "")
                    + "; it is not shown again")
            }
        }
    }

    /// `caselog token revoke NAME`.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke every live token of NAME (exit 66 when there is none).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user whose tokens are revoked.") var name: String

        func run() throws {
            try reportingFailures {
                try global.refuseServer("token")
                let revoked = try global.openCaseStore().revokeTokens(of: name, actor: global.login)
                for token in revoked { Terminal.print("revoked \(token.tokenId) of \(token.user)") }
            }
        }
    }

    /// `caselog token list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List every token: id, user, expiry and whether live, expired or revoked; never a token or its hash.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingFailures {
                try global.refuseServer("token")
                let now = Timestamp.now()
                for token in try global.openCaseStoreForReading().tokens() {
                    let state = token.isRevoked ? "revoked" : token.isLive(at: now) ? "live" : "expired"
                    Terminal.print("\(token.tokenId)  \(token.user)  expires \(token.expiresAt.iso8601)  \(state)")
                }
            }
        }
    }
}
