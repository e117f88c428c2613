import Codec
import EventLog
/// What a `CaseFile` keeps of one event it reads: the event's id and `occurredAt`, and the few
/// data fields that its type carries and the case file uses. A correction overwrites fields
/// here (`read(_:)` with the correction's `changes`), and the case file works its summary and
/// deadlines out again from the entries, so a corrected value counts as if the original event
/// had carried it.
struct CaseFileEntry: Sendable {
    /// The event's type.
    let type: CaseFileEventType
    /// The event's id, which a correction names.
    let eventID: EventID
    /// When the event happened.
    let occurredAt: Timestamp

    /// The opening event's `household`, `subject` or `complainant`.
    var subject: String?
    /// `safeguarding.concern-raised`'s `immediateRisk`.
    var immediateRisk: Bool?
    /// `case.assigned`'s `worker`.
    var worker: String?
    /// `tenancy.needs-assessed`'s or `safeguarding.triaged`'s `riskLevel`.
    var riskLevel: String?
    /// `tenancy.case-closed`'s or `safeguarding.closed`'s `outcome`.
    var outcome: String?
    /// A complaint step's `stage`.
    var stage: Int?
    /// `complaint.extension-agreed`'s `workingDays`.
    var workingDays: Int?
    /// The `visitId`, `actionId`, `recommendationId` or `learningId` of an item.
    var itemID: String?
    /// An item's `dueDate`.
    var dueDate: CalendarDate?
    /// Who owns an action, a recommendation or a learning item (`owner`).
    var owner: String?

    /// The most working days one extension is taken to add. Validation asks only for 1 or
    /// more, and a mistyped figure (a pence amount, a date) must not overflow the calendar's
    /// arithmetic: 9,999 working days is some 38 years, beyond any real extension.
    static let mostExtensionWorkingDays: Int64 = 9_999

    /// The entry of an event of `type` with `data` (a CBOR map; fields missing or of the wrong
    /// kind stay nil).
    init(type: CaseFileEventType, eventID: EventID, occurredAt: Timestamp, data: CBORView) {
        self.type = type
        self.eventID = eventID
        self.occurredAt = occurredAt
        read(data)
    }

    /// An entry with no fields yet, for a case file read back from bytes.
    init(type: CaseFileEventType, eventID: EventID, occurredAt: Timestamp) {
        self.type = type
        self.eventID = eventID
        self.occurredAt = occurredAt
    }

    /// The step an item entry sets or completes (`visit:ID`, …); nil for other entries and for
    /// an item without an id.
    var itemStep: DeadlineStep? {
        guard let item = type.item, let itemID else { return nil }
        return item.step(itemID)
    }

    /// Takes from the map `fields` every field that this entry's type has and the case file
    /// uses, leaving the others as they are: the event's own data when it is read, a
    /// correction's `changes` afterwards. Allocates only for text longer than 15 bytes.
    mutating func read(_ fields: CBORView) {
        if let subjectField = type.subjectField, let value = fields[subjectField]?.string { subject = value }
        if let item = type.item, let value = fields[item.idField]?.string { itemID = value }
        if type.setsDueDate, let text = fields["dueDate"]?.textBytes, let value = CalendarDate(iso8601: text) {
            dueDate = value
        }
        if type.hasOwner, let value = fields["owner"]?.string { owner = value }
        switch type {
        case .concernRaised:
            if let value = fields["immediateRisk"]?.bool { immediateRisk = value }
        case .assigned:
            if let value = fields["worker"]?.string { worker = value }
        case .needsAssessed, .triaged:
            if let value = fields["riskLevel"]?.string { riskLevel = value }
        case .tenancyClosed, .safeguardingClosed:
            if let value = fields["outcome"]?.string { outcome = value }
        case .acknowledged, .responded:
            if let value = fields["stage"]?.integer { stage = Int(value) }
        case .extensionAgreed:
            if let value = fields["stage"]?.integer { stage = Int(value) }
            if let value = fields["workingDays"]?.integer { workingDays = Int(min(max(value, 0), Self.mostExtensionWorkingDays)) }
        default:
            break
        }
    }
}
