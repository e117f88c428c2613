import Testing
@testable import Casework
import EventLog
import Foundation
import TestSupport

@Suite("Case file: as bytes")
struct CaseFileEncodingTests {
    @Test("a case file read back from its bytes has the same summary, deadlines and bytes")
    func roundTrip() throws {
        var history = CaseHistory("SG-2025-000001")
        history.record("safeguarding.concern-raised", at: "2025-04-17T14:00:00Z",
                       #"{"subject":"P-000001","categories":["neglect-omission"],"immediateRisk":true,"location":"own-home"}"#)
        history.record("case.assigned", at: "2025-04-17T15:00:00Z", #"{"worker":"j.smith"}"#)
        history.record("safeguarding.triaged", at: "2025-04-18T09:00:00Z", #"{"riskLevel":"high","decision":"refer-local-authority"}"#)
        history.record("safeguarding.action-assigned", at: "2025-04-18T10:00:00Z",
                       #"{"actionId":"A1","owner":"m.jones","dueDate":"2025-04-25"}"#)
        let bytes = history.file.encoded()
        let decoded = try #require(bytes.withUnsafeBytes { CaseFile(reference: "SG-2025-000001", encoded: $0) })
        #expect(decoded.encoded() == bytes)
        #expect(decoded.version == history.file.version)
        #expect(decoded.assignedTo == "j.smith")
        #expect(decoded.riskLevel == "high")
        #expect(decoded.subject == "P-000001")
        #expect(decoded.lastActivity == history.file.lastActivity)
        #expect(decoded.deadlines() == history.file.deadlines())
        #expect(decoded.owner(of: .action("A1")) == "m.jones")
    }

    @Test("damaged bytes are refused, not misread", arguments: [0, 1, 9, 20, 40])
    func damaged(cut: Int) {
        var history = CaseHistory("CMP-2025-000001")
        history.record("complaint.received", at: "2025-04-17T14:00:00Z", #"{"complainant":"P-000001","channel":"email","categories":["repairs"]}"#)
        let bytes = Array(history.file.encoded().prefix(cut))
        #expect(bytes.withUnsafeBytes { CaseFile(reference: "CMP-2025-000001", encoded: $0) } == nil)
    }
}

@Suite("docs/FORMAT.md: the case summary row")
struct CaseSummaryFormatDocumentTests {
    @Test("the type numbers the document lists are the ones a case summary row is written with")
    func typeNumbers() throws {
        var path = #filePath
        for _ in 0..<4 { path = String(path[..<path.lastIndex(of: "/")!]) }
        let document = String(decoding: readFile(path + "/docs/FORMAT.md") ?? [], as: UTF8.self)
        let start = try #require(document.range(of: "The types, in order from 0:"))
        let paragraph = document[start.upperBound...].split(separator: "\n\n", maxSplits: 1).first ?? ""
        let names = paragraph.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
        #expect(names == CaseFileEventType.allCases.map(\.rawValue))
    }
}
