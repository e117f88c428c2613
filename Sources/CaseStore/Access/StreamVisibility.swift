import Casework
import EventLog

/// Which streams' events a user may follow (`GET /v1/events` for a caseworker or a panel
/// member): the cases `AccessPolicy.mayRead` allows them, subjects' streams (whose events the
/// route sends without † fields: references and kinds, no names), and the settings stream;
/// never the access stream. Decided once per stream and kept. A caseworker's current views
/// keep the rows of the cases it admits too (`CaseStore.view(_:_:visibleTo:teams:)`).
///
/// ```swift
/// var visibility = StreamVisibility(user: user, teams: teams)
/// try store.log.read { reader in try visibility.admits("TS-2025-000001", in: reader) }
/// ```
public struct StreamVisibility: Sendable {
    /// The user whose view it is.
    public let user: AccessUser
    private let teams: [String: String]
    private var decided: [String: Bool] = [:]
    private var reviews: [CaseAccessFacts]?

    /// The streams `user` may follow, their cases' teams read from `teams`.
    public init(user: AccessUser, teams: [String: String]) {
        self.user = user
        self.teams = teams
    }

    /// True when `user` may see the events of `stream`, as of `reader`'s snapshot.
    public mutating func admits(_ stream: String, in reader: borrowing LogReader) throws -> Bool {
        if let known = decided[stream] { return known }
        let admitted: Bool
        if stream == AccessStream.name {
            admitted = AccessPolicy.mayReadStoreStreams(user)
        } else if let parsed = CaseReference(stream) {
            if parsed.caseType == .subject {
                admitted = !user.roles.isEmpty
            } else if let facts = try CaseStore.facts(stream, in: reader) {
                let teams = self.teams
                admitted = AccessPolicy.mayRead(facts, by: user, teams: { teams[$0] }, reviews: try reviewsSat(in: reader)) == nil
            } else {
                admitted = false
            }
        } else {
            admitted = !user.roles.isEmpty   // the settings stream: the organisation's figures
        }
        decided[stream] = admitted
        return admitted
    }

    /// The reviews `user` sits on (read once, only for a panel member).
    private mutating func reviewsSat(in reader: borrowing LogReader) throws -> [CaseAccessFacts] {
        guard user.holds(.panelMember) else { return [] }
        if let reviews { return reviews }
        var names: [String] = []
        try reader.forEachStream { if $0.name.hasPrefix("PR-") { names.append($0.name) } }
        var sat: [CaseAccessFacts] = []
        for name in names {
            if let review = try CaseStore.facts(name, in: reader), review.panel.contains(user.name) { sat.append(review) }
        }
        reviews = sat
        return sat
    }
}
