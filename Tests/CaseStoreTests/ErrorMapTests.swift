import CaseStore
import Casework
import EventLog
import Projections
import Testing

/// The one map from the library's errors to exit codes (DESIGN.md) and HTTP statuses
/// (DOMAIN.md §13), each worked out by hand from those two documents.
@Suite("The error map")
struct ErrorMapTests {
    static let cases: [(error: any Error, kind: CaselogError.Kind, exit: Int32, status: Int)] = [
        (ReportError.invalidDate(option: "--from", text: "2025-13-01"), .usage, 64, 400),
        (EventLineError("\"occurredAt\" is missing"), .invalid, 65, 422),
        (ValidationError(.rule("a second triage")), .invalid, 65, 422),
        (WorkingDayCalendarError.divisionNotFound(division: "x", available: []), .invalid, 65, 422),
        (StoreError.notFound(path: "/nowhere"), .notFound, 66, 404),
        (KeptProjections.NotFound(name: "food-parcels"), .notFound, 66, 404),
        (StoreError.cannotCreate(path: "/x", reason: "read-only file system"), .cannotCreate, 73, 409),
        (StoreError.corrupted(position: 7, reason: "hash"), .storage, 74, 500),
        (StoreError.busy(path: "/x", holder: 12, command: "caselog import", waitedSeconds: 10), .conflict, 75, 409),
        (AppendError.wrongExpectedVersion(stream: "TS-2025-000001", expected: .exactly(3), actual: 4), .conflict, 75, 409),
        (StoreError.permissionDenied(path: "/x"), .notPermitted, 77, 403),
        (StoreError.readOnly(path: "/x"), .notPermitted, 77, 403),
    ]

    @Test("each error of the library maps to its documented exit code and HTTP status, keeping its cause",
          arguments: cases.indices)
    func maps(index: Int) {
        let (error, kind, exit, status) = Self.cases[index]
        let failure = CaselogError(error)
        #expect(failure.kind == kind, "\(error)")
        #expect(failure.kind.exitCode == exit)
        #expect(failure.kind.httpStatus == status)
        #expect(type(of: failure.cause) == type(of: error))
        #expect(!failure.message.isEmpty)
    }

    @Test("an error no layer declares is a bug: exit 70, HTTP 500")
    func unknown() {
        struct Surprise: Error {}
        let failure = CaselogError(Surprise())
        #expect(failure.kind == .software)
        #expect((failure.kind.exitCode, failure.kind.httpStatus) == (70, 500))
    }

    @Test("a CaselogError given again is kept as it is, with its words and cause")
    func passesThrough() {
        let first = CaselogError(.usage, "--at is not a date", cause: ReportError.invalidDate(option: "--at", text: "x"))
        let again = CaselogError(first)
        #expect(again.kind == .usage)
        #expect(again.message == "--at is not a date")
        #expect(again.cause is ReportError)
    }
}
