@testable import Projections
import Testing

@Suite("Type name tables: a record's type found from its bytes")
struct TypeNameTableTests {
    static let table = TypeNameTable([("case.reopened", 1), ("complaint.closed", 2), ("review.opened", 3),
                                      ("complaint.received", 4), ("a", 5)])

    static func value(_ name: String) -> Int? {
        Array(name.utf8).withUnsafeBytes { table.value(named: $0) }
    }

    @Test("every name finds its own value, among names of the same length and of others")
    func everyNameFindsItsValue() {
        #expect(Self.value("case.reopened") == 1)
        #expect(Self.value("review.opened") == 3)   // as long as case.reopened
        #expect(Self.value("complaint.closed") == 2)
        #expect(Self.value("complaint.received") == 4)
        #expect(Self.value("a") == 5)
    }

    @Test("a name not in the table, shorter, longer, as long or empty, finds nothing")
    func otherNamesFindNothing() {
        #expect(Self.value("case.reopenex") == nil)
        #expect(Self.value("b") == nil)
        #expect(Self.value("complaint.received.x") == nil)
        #expect(Self.value("complaint.escalated") == nil)
        #expect(Self.value("") == nil)
    }

    @Test("an empty table finds nothing")
    func emptyTableFindsNothing() {
        let empty = TypeNameTable<Int>([])
        #expect(Array("case.reopened".utf8).withUnsafeBytes { empty.value(named: $0) } == nil)
    }
}
