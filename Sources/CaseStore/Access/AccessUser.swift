import Casework

/// A role of DOMAIN.md §9: what its holder may record and read (`AccessPolicy`).
public enum AccessRole: String, Sendable, CaseIterable, Comparable {
    /// Records on their own and their team's cases; reads their team's tenancy and complaint
    /// cases and the safeguarding concerns they raised or hold.
    case caseworker
    /// Records everything on safeguarding concerns and reviews; reads every case.
    case safeguardingLead = "safeguarding-lead"
    /// Records on the reviews they sit on; reads those reviews and the replay of their incidents.
    case panelMember = "panel-member"
    /// Records assignments and complaint steps; reads every case, the views and the reports.
    case manager
    /// Records nothing; reads the views, reports and analysts' projections, never a † field.
    case analyst
    /// Everything: users, roles, settings (the store's owner).
    case admin

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The role called `name` (`safeguarding-lead`), or nil.
    public init?(named name: String) { self.init(rawValue: name) }
}

/// One user of the store, as its access stream says now: their roles, their team, and
/// whether they are disabled (DOMAIN.md §9, §13).
public struct AccessUser: Sendable, Equatable {
    /// The user's name: the actor of everything they record.
    public let name: String
    /// The roles they hold; empty when every one was revoked.
    public internal(set) var roles: Set<AccessRole>
    /// Their team, if any: a case's team is its worker's team, else its opener's.
    public internal(set) var team: String?
    /// True after `access.user-disabled` (and until `access.user-enabled`): no token of theirs is accepted.
    public internal(set) var isDisabled: Bool

    /// A user with `roles` in `team`.
    public init(name: String, roles: Set<AccessRole>, team: String? = nil, isDisabled: Bool = false) {
        self.name = name
        self.roles = roles
        self.team = team
        self.isDisabled = isDisabled
    }

    /// The store's owner working on its own machine under the OS login `login`: an admin (§9).
    public static func owner(_ login: String) -> AccessUser { AccessUser(name: login, roles: [.admin]) }

    /// True when the user holds `role`.
    public func holds(_ role: AccessRole) -> Bool { roles.contains(role) }

    /// The roles, in the order of DOMAIN.md §9's table.
    public var sortedRoles: [AccessRole] { roles.sorted() }
}
