@testable import Casework
import EventLog
import Testing
import TestSupport

/// A small store in a temporary directory, written to the way `caselog record --stdin` and
/// `caselog import` write: event lines through `Importer`, each call one write transaction.
struct LifecycleFixture {
    let scratch = TemporaryDirectory()
    let store: EventStore

    /// A new, empty store (not durable: these stores live for one test).
    init() throws {
        var options = EventStore.Options()
        options.isDurable = false
        options.initialMapSize = 16 << 20
        store = try EventStore.create(at: scratch.appending("store"), options: options).store
    }

    /// What one write did: its summary, or the first problem's message when nothing was written.
    enum Outcome {
        case written(Importer.Summary)
        case refused(String)

        var message: String? {
            if case .refused(let message) = self { return message }
            return nil
        }
    }

    /// Writes `lines` in one transaction, giving lines without an id `ids`.
    func write(_ lines: [String], ids: Importer.LineIDs = .random) throws -> Outcome {
        let text = lines.joined(separator: "\n") + "\n"
        do {
            return .written(try Importer(store: store, actor: "test.worker", lineIDs: ids).run(LineReader(bytes: Array(text.utf8))))
        } catch let failure as Importer.Failure {
            return .refused(failure.problems.first?.message ?? "refused with no problem")
        }
    }

    /// Records `lines` in one batch, which must succeed; returns each line's case and version.
    @discardableResult
    func record(_ lines: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> [Importer.Recorded] {
        switch try write(lines) {
        case .written(let summary):
            return summary.results
        case .refused(let message):
            Issue.record("refused: \(message)", sourceLocation: sourceLocation)
            return []
        }
    }

    /// Records `line`, which must be refused with a message containing every one of
    /// `fragments`, and leave the store's head where it was. Returns the message.
    @discardableResult
    func expectRefused(_ line: String, mentioning fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        let before = try store.head()
        let outcome = try write([line])
        #expect(try store.head() == before, "a refused write moved the head", sourceLocation: sourceLocation)
        guard let message = outcome.message else {
            Issue.record("accepted, but should have been refused: \(line)", sourceLocation: sourceLocation)
            return nil
        }
        for fragment in fragments {
            #expect(message.contains(fragment), "\"\(message)\" does not mention \"\(fragment)\"", sourceLocation: sourceLocation)
        }
        return message
    }

    // MARK: Event lines

    /// The time the tests' events happened, unless they say otherwise: a Monday morning.
    static let monday = "2025-03-03T09:00:00Z"

    /// An event line: `data` is a JSON object; `reference` nil for an opening event that gets
    /// the next reference.
    static func line(_ type: String, _ reference: String?, _ data: String = "{}", at occurredAt: String = monday,
                     id: String? = nil) -> String {
        var fields = ["\"type\":\"\(type)\""]
        if let reference { fields.append("\"case\":\"\(reference)\"") }
        fields.append("\"occurredAt\":\"\(occurredAt)\"")
        if let id { fields.append("\"id\":\"\(id)\"") }
        fields.append("\"data\":\(data)")
        return "{" + fields.joined(separator: ",") + "}"
    }

    // MARK: Cases opened for a test

    static func person(_ reference: String?, name: String = "Kerry Asante") -> String {
        line("subject.registered", reference, #"{"kind":"person","name":"\#(name)"}"#)
    }

    static func tenancy(_ reference: String?, household: String = "P-000001", at occurredAt: String = monday) -> String {
        line("tenancy.referral-received", reference,
             #"{"household":"\#(household)","tenancyRef":"T-0012345","source":"income-team","reasons":["rent-arrears"]}"#,
             at: occurredAt)
    }

    static func concern(_ reference: String?, subject: String = "P-000001", at occurredAt: String = monday) -> String {
        line("safeguarding.concern-raised", reference,
             #"{"subject":"\#(subject)","categories":["self-neglect"],"immediateRisk":false,"description":"Hoarding in the flat"}"#,
             at: occurredAt)
    }

    static func complaint(_ reference: String?, complainant: String = "P-000001", at occurredAt: String = monday) -> String {
        line("complaint.received", reference,
             #"{"complainant":"\#(complainant)","channel":"email","categories":["damp-mould"],"summary":"Mould in the bedroom"}"#,
             at: occurredAt)
    }

    static func review(_ reference: String?, incidents: [String], at occurredAt: String = monday) -> String {
        let list = incidents.map { "\"\($0)\"" }.joined(separator: ",")
        return line("review.opened", reference, #"{"incidents":[\#(list)],"trigger":"serious-harm"}"#, at: occurredAt)
    }

    static func triage(_ reference: String, id: String? = nil) -> String {
        line("safeguarding.triaged", reference, #"{"riskLevel":"medium","decision":"internal-support","rationale":"Known to us"}"#, id: id)
    }

    static func responded(_ reference: String, stage: Int) -> String {
        line("complaint.responded", reference, #"{"stage":\#(stage),"decision":"upheld"}"#)
    }

    static func acknowledged(_ reference: String, stage: Int) -> String {
        line("complaint.acknowledged", reference, #"{"stage":\#(stage)}"#)
    }

    static func extensionAgreed(_ reference: String, stage: Int) -> String {
        line("complaint.extension-agreed", reference, #"{"stage":\#(stage),"workingDays":5,"reason":"Survey booked"}"#)
    }
}
