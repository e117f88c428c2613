import CaseStore
import Casework
import Codec
import EventLog
import Testing
import TestSupport

/// Bearer tokens as events of the access stream (DOMAIN.md §13).
@Suite("Access tokens")
struct AccessTokenTests {
    let scratch = TemporaryDirectory()

    func newStore() throws -> CaseStore {
        var options = CaseStore.Options()
        options.isDurable = false
        return try CaseStore.create(at: scratch.appending("store"), options: options).store
    }

    @Test("an issued token authenticates its user; the log holds its SHA-256 and never its text")
    func issueAndAuthenticate() throws {
        let store = try newStore()
        let issued = try store.issueToken(to: "a.khan", actor: "owner")
        #expect(issued.addedUser)
        #expect(issued.token.hasPrefix("caselog_") && issued.token.utf8.count == 8 + 43)
        let authenticator = TokenAuthenticator(store: store)
        #expect(try authenticator.authenticate(bearer: issued.token) == "a.khan")
        #expect(try authenticator.authenticate(bearer: issued.token + "x") == nil)
        #expect(try authenticator.authenticate(bearer: "") == nil)
        // 90 days by default (the setting tokens.expiry-days).
        let days = (issued.info.expiresAt.microseconds - issued.info.issuedAt.microseconds) / 86_400_000_000
        #expect(days == 90)
        let types = try store.log.read { reader in
            var types: [String] = []
            var bytes: [UInt8] = []
            try reader.scanStream("access") { record in
                types.append(record.type)
                bytes += Array(record.dataBytes)
            }
            #expect(!String(decoding: bytes, as: UTF8.self).contains(String(issued.token.dropFirst(8))))
            #expect(String(decoding: bytes, as: UTF8.self).contains(String(describing: SHA256Hex.of(issued.token))))
            return types
        }
        #expect(types == ["access.user-added", "access.token-issued"])
        // A second token for the same user adds no user.
        #expect(try !store.issueToken(to: "a.khan", expiresInDays: 1, actor: "owner").addedUser)
    }

    @Test("two tokens drawn one after the other differ")
    func tokensDiffer() throws {
        let store = try newStore()
        let first = try store.issueToken(to: "a", actor: "owner")
        let second = try store.issueToken(to: "a", actor: "owner")
        #expect(first.token != second.token)
        #expect(first.info.tokenId != second.info.tokenId)
    }

    @Test("a revoked token is refused; revoking a user without a live token is not found (exit 66)")
    func revoke() throws {
        let store = try newStore()
        let authenticator = TokenAuthenticator(store: store)
        let issued = try store.issueToken(to: "b.jones", actor: "owner")
        #expect(try authenticator.authenticate(bearer: issued.token) == "b.jones")
        let revoked = try store.revokeTokens(of: "b.jones", actor: "owner")
        #expect(revoked.map(\.tokenId) == [issued.info.tokenId])
        #expect(try authenticator.authenticate(bearer: issued.token) == nil)
        #expect { try store.revokeTokens(of: "b.jones", actor: "owner") } throws: { CaselogError($0).kind.exitCode == 66 }
        #expect(try store.tokens().map(\.isRevoked) == [true])
    }

    @Test("a token issued through another opening of the store (another process) counts from the next request")
    func seenFromAnotherOpening() throws {
        let store = try newStore()
        let authenticator = TokenAuthenticator(store: store)
        #expect(try authenticator.authenticate(bearer: "caselog_nothing") == nil)
        let other = try CaseStore(openingAt: store.path)
        let issued = try other.issueToken(to: "c.lee", actor: "owner")
        #expect(try authenticator.authenticate(bearer: issued.token) == "c.lee")
        try other.revokeTokens(of: "c.lee", actor: "owner")
        #expect(try authenticator.authenticate(bearer: issued.token) == nil)
    }

    @Test("an expired token is refused")
    func expired() throws {
        let store = try newStore()
        let token = "caselog_expired-token-of-the-test"
        try store.log.write(actor: "owner") { writer in
            let fields: [String: CBORValue] = ["tokenId": "tok-1", "user": "d.old", "expiresAt": "2020-01-01T00:00:00Z",
                                               "sha256": .text(SHA256Hex.of(token))]
            try writer.append(ProposedEvent(type: "access.token-issued", occurredAt: writer.recordedAt, data: CBORValue.map(fields).encoded()),
                              to: "access")
        }
        #expect(try TokenAuthenticator(store: store).authenticate(bearer: token) == nil)
        #expect(try store.tokens().map { $0.isLive(at: .now()) } == [false])
    }

    @Test("a user name that is not one is refused as usage, and nothing is written")
    func badUserName() throws {
        let store = try newStore()
        for name in ["", "two words", String(repeating: "a", count: 65), "new\nline"] {
            #expect { try store.issueToken(to: name, actor: "owner") } throws: { CaselogError($0).kind == .usage }
        }
        #expect { try store.issueToken(to: "a", expiresInDays: 0, actor: "owner") } throws: { CaselogError($0).kind == .usage }
        #expect(try store.log.head().position == 0)
    }

    @Test("access events are caselog's own: recording one is refused")
    func refusedFromCallers() throws {
        let store = try newStore()
        let forged = NewEvent(type: "access.token-issued", caseReference: "access", occurredAt: .now(),
                              fields: ["tokenId": "tok-1", "user": "mallory", "expiresAt": "2099-01-01T00:00:00Z",
                                       "sha256": .text(String(repeating: "0", count: 64))])
        #expect { try store.record(forged, actor: "mallory") } throws: { error in
            CaselogError(error).kind == .invalid && "\(error)".contains("written by caselog itself")
        }
        #expect(try store.log.head().position == 0)
    }
}

/// The SHA-256 of a text in lower-case hex, as the access stream keeps a token's.
enum SHA256Hex {
    static func of(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { SHA256().digest(UnsafeRawBufferPointer($0)).description }
    }
}
