import Foundation
import Testing
import TestSupport

/// `caselog find` and the likely-duplicate warning of `caselog record`, through the built binary.
@Suite("The find command")
struct FindCommandTests {
    let scratch = TemporaryDirectory()
    let binary = caselogBinaryPath()
    var store: String { scratch.appending("store") }

    /// A store `init` made, with its key store and master key file beside it; the environment that names it.
    func storeWithKeys() throws -> [String: String] {
        let made = ChildProcess.run(binary, ["init"], environment: ["CASELOG_STORE": store], scratch: scratch)
        #expect(made.status == 0, "\(made.standardError)")
        return ["CASELOG_STORE": store]
    }

    func run(_ arguments: [String], _ environment: [String: String], input: String? = nil) -> ChildProcess.Result {
        ChildProcess.run(binary, arguments, input: input, environment: environment, scratch: scratch)
    }

    static let people = [
        #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","data":{"kind":"person","name":"Jane Example","dateOfBirth":"1980-02-03","address":"12 Acacia Road, Ilkley LS29 9LJ"}}"#,
        #"{"type":"subject.registered","occurredAt":"2025-03-03T09:00:00Z","data":{"kind":"person","name":"Ottoline Featherstonehaugh","dateOfBirth":"1971-11-30"}}"#,
    ].joined(separator: "\n") + "\n"

    @Test("find prints the subjects matched on normalised forms with name and date of birth, and logs the search first")
    func finds() throws {
        let environment = try storeWithKeys()
        #expect(run(["record", "--stdin"], environment, input: Self.people).status == 0)
        let found = run(["find", "name=JANE  Éxample", "postcode=ls29 9lj"], environment)
        #expect(found.status == 0, "\(found.standardError)")
        #expect(found.standardOutput.contains("P-000001") && found.standardOutput.contains("Jane Example")
                && found.standardOutput.contains("1980-02-03") && !found.standardOutput.contains("P-000002"), "\(found.standardOutput)")
        let json = run(["find", "dob=1971-11-30", "--format", "json"], environment)
        #expect(json.standardOutput.contains(#""subject":"P-000002""#) && json.standardOutput.contains(#""mergedInto":null"#),
                "\(json.standardOutput)")
        let none = run(["find", "name=Nobody Here"], environment)
        #expect(none.status == 0 && none.standardError.contains("0 subjects found"), "\(none.standardError)")
        let log = run(["access-log", "--format", "json"], environment)
        #expect(log.status == 0, "\(log.standardError)")
        #expect(log.standardOutput.components(separatedBy: #""purpose":"find""#).count - 1 == 3, "\(log.standardOutput)")
        #expect(log.standardOutput.contains(#""subjects":["P-000001"]"#), "\(log.standardOutput)")
        // The key store holds no name, in clear or normalised.
        for file in ["data.mdb", "lock.mdb"] {
            let bytes = readFile(store + ".keys/" + file) ?? []
            for value in ["Featherstonehaugh", "featherstonehaugh", "1971-11-30"] {
                #expect(firstIndex(of: Array(value.utf8), in: bytes) == nil, "\(value) in \(file)")
            }
        }
    }

    @Test("a criterion that is not one, or none, is a usage error (64) naming it; without the key store, 64 too")
    func badCriteria() throws {
        let environment = try storeWithKeys()
        for arguments in [["find"], ["find", "surname=X"], ["find", "dob=30/11/1971"], ["find", "postcode=Leeds"], ["find", "name=-"]] {
            let refused = run(arguments, environment)
            #expect(refused.status == 64, "\(arguments): \(refused.standardError)")
        }
        let unkeyed = run(["find", "name=Jane"], ["CASELOG_STORE": store, "CASELOG_KEYS": scratch.appending("no-keys")])
        #expect(unkeyed.status == 64 && unkeyed.standardError.contains("key store"), "\(unkeyed.standardError)")
    }

    @Test("registering a subject with another's name and date of birth warns on standard error, and records it")
    func duplicateWarning() throws {
        let environment = try storeWithKeys()
        #expect(run(["record", "--stdin"], environment, input: Self.people).status == 0)
        let again = run(["record", "subject.registered", "kind=person", "name=jane  EXAMPLE", "dateOfBirth=1980-02-03"], environment)
        #expect(again.status == 0 && again.standardOutput.contains("P-000003"), "\(again.standardError)")
        #expect(again.standardError.contains("warning: P-000003") && again.standardError.contains("P-000001"), "\(again.standardError)")
        let other = run(["record", "subject.registered", "kind=person", "name=Jane Example", "dateOfBirth=1990-01-01"], environment)
        #expect(other.status == 0 && !other.standardError.contains("warning"), "\(other.standardError)")
    }
}
