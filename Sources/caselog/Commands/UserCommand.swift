import ArgumentParser
import CaseStore
import EventLog

/// `caselog user`: the store's users, their roles and teams, each change an event of the
/// access stream (DOMAIN.md §9, §13; docs/ACCESS.md). Run on the store's machine, by its owner.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add users, grant and revoke their roles, move them between teams, disable them.",
        discussion: """
            Roles (docs/ACCESS.md): caseworker, safeguarding-lead, panel-member, manager, analyst, \
            admin. A case's team is its worker's team, else its opener's. Disabling a user revokes \
            every token of theirs at once. Each change is an event of the store's access stream.
            """,
        subcommands: [Add.self, Grant.self, Revoke.self, Team.self, Disable.self, Enable.self, List.self])

    /// `caselog user add NAME --role ROLE [--team TEAM]`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add user NAME with a role, in a team if given.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name (their login): letters, digits, '.', '-', '_', '@'.") var name: String
        @Option(help: "caseworker, safeguarding-lead, panel-member, manager, analyst or admin.") var role: AccessRole
        @Option(help: "The user's team: a caseworker reads their team's cases.") var team: String?

        func run() throws {
            try UserCommand.change(global, saying: "added ") { try $0.addUser(name, role: role, team: team, actor: global.login) }
        }
    }

    /// `caselog user grant NAME ROLE`.
    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "grant", abstract: "Give user NAME another role.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user.") var name: String
        @Argument(help: "The role to grant.") var role: AccessRole

        func run() throws {
            try UserCommand.change(global) { try $0.grantRole(role, to: name, actor: global.login) }
        }
    }

    /// `caselog user revoke NAME ROLE`.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Take a role from user NAME.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user.") var name: String
        @Argument(help: "The role to take away.") var role: AccessRole

        func run() throws {
            try UserCommand.change(global) { try $0.revokeRole(role, from: name, actor: global.login) }
        }
    }

    /// `caselog user team NAME TEAM` or `--none`.
    struct Team: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "team", abstract: "Move user NAME to TEAM, or to no team with --none.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user.") var name: String
        @Argument(help: "The team.") var team: String?
        @Flag(help: "Take the user out of every team.") var none = false

        func validate() throws {
            guard (team == nil) != !none else { throw ValidationError("give a TEAM or --none, not both and not neither") }
        }

        func run() throws {
            try UserCommand.change(global) { try $0.setTeam(none ? nil : team, of: name, actor: global.login) }
        }
    }

    /// `caselog user disable NAME`.
    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable user NAME and revoke their tokens at once.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user.") var name: String

        func run() throws {
            try reportingFailures {
                try global.refuseServer("user")
                let (user, revoked) = try global.openCaseStore().disableUser(name, actor: global.login)
                Terminal.print("disabled \(user.name); \(revoked.count) token\(revoked.count == 1 ? "" : "s") revoked")
            }
        }
    }

    /// `caselog user enable NAME`.
    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable",
                                                        abstract: "Enable user NAME again (`caselog token create --user NAME` issues a new token).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user.") var name: String

        func run() throws {
            try UserCommand.change(global, saying: "enabled ") { try $0.enableUser(name, actor: global.login) }
        }
    }

    /// `caselog user list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every user: roles, team, and whether disabled.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingFailures {
                try global.refuseServer("user")
                for user in try global.openCaseStoreForReading().users() {
                    Terminal.print("\(user.name)  \(UserCommand.describe(user))")
                }
            }
        }
    }

    /// Runs one change of a user on the local store and prints the user as it now is.
    static func change(_ global: GlobalOptions, saying verb: String = "", _ body: (CaseStore) throws -> AccessUser) throws {
        try reportingFailures {
            try global.refuseServer("user")
            let user = try body(try global.openCaseStore())
            Terminal.print("\(verb)\(user.name): \(describe(user))")
        }
    }

    /// "caseworker, manager; team North; disabled".
    static func describe(_ user: AccessUser) -> String {
        var parts = [user.roles.isEmpty ? "no role" : user.sortedRoles.map(\.rawValue).joined(separator: ", ")]
        parts.append(user.team.map { "team \($0)" } ?? "no team")
        if user.isDisabled { parts.append("disabled") }
        return parts.joined(separator: "; ")
    }
}

extension AccessRole: ExpressibleByArgument {}
