import Foundation
import Testing
import TestSupport

/// `caselog find` and the likely-duplicate warning, locally and as a client of `caselog serve`.
@Suite("find both ways")
struct ClientFindTests {
    static let people = [
        #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","data":{"kind":"person","name":"Jane Example","dateOfBirth":"1980-02-03","address":"12 Acacia Road, Ilkley LS29 9LJ"}}"#,
        #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","data":{"kind":"household","name":"The Example household"}}"#,
    ].joined(separator: "\n") + "\n"

    @Test("find prints the same bytes and notes both ways, each search logged; record --server prints the server's duplicate warning")
    func findBothWays() throws {
        let fixture = ClientFixture()
        try fixture.prepare(lines: Self.people)
        try fixture.serve()   // `init` made the key store and its master key file beside the store
        let found = fixture.remote(["find", "name=JANE  Éxample"])
        #expect(found.status == 0 && found.standardOutput.contains("P-000001") && found.standardOutput.contains("Jane Example")
                && found.standardError.contains("1 subject found"), "\(found.standardOutput) \(found.standardError)")
        for arguments in [["find", "name=JANE  Éxample"], ["find", "postcode=ls29 9lj", "dob=1980-02-03", "--format", "json"],
                          ["find", "name=Jane Example", "dob=1999-01-01"], ["find", "name=Nobody"], ["find", "postcode=Leeds"], ["find"]] {
            fixture.expectSame(arguments)
        }
        let log = fixture.local(["access-log", "--format", "json"])
        #expect(log.standardOutput.components(separatedBy: #""purpose":"GET /v1/subjects""#).count - 1 == 5, "\(log.standardOutput)")
        #expect(log.standardOutput.components(separatedBy: #""purpose":"find""#).count - 1 == 4, "\(log.standardOutput)")
        let again = fixture.remote(["record", "subject.registered", "kind=person", "name=jane example", "dateOfBirth=1980-02-03"])
        #expect(again.status == 0 && again.standardError.contains("warning: P-000003 has the name and date of birth of P-000001"),
                "\(again.standardError)")
    }
}
