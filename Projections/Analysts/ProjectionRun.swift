#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Casework
import EventLog
import Codec

/// An analyst's projection as a fold over the log (`Projection`): `apply` every record in
/// position order, then ask for the `result()`, a table.
///
/// Which records count:
///
/// - a record of one of the spec's case types whose type is in `events.types`, whose data
///   meets every `where` condition and whose `occurredAt` (London date) lies between `from` and
///   `to` makes a row; with `per-case`, the first such record of a case puts the case in the
///   table (once) and its values are worked out from all of the case's records read;
/// - records after `to` are not read at all, so per-case values and deadlines stand as on
///   that day (deadlines are judged as of `to`, else today);
/// - records at or below `state.position` are skipped, so a kept run can be fed again from an
///   overlapping checkpoint.
///
/// Corrections (`case.entry-corrected`) count as if the corrected event had said what the
/// correction says: give the run every correction first (`corrections`, from
/// `Self.corrections(scanning:)`), and each corrected event is read with its `changes` written
/// over its data (its `where` conditions, its row's values and its per-case values alike).
/// Deadlines come from the case file, which applies corrections itself. Voided events
/// (`case.entry-voided`, entered in error) count in no table, and every event of a case whose
/// opening event is voided none: give the run every void first (`voided`).
public struct ProjectionRun: Projection {
    /// The compiled spec.
    public let plan: ProjectionPlan
    /// The working-day calendar for `working-days` and deadlines.
    let calendar: WorkingDayCalendar
    /// The organisation's triage target, for the `triage` deadline.
    let triageTarget: TriageTarget
    /// Microseconds of the start of `from` in London, and of the day after `to` (excluded).
    let start: Int64
    let end: Int64
    /// The date deadlines are judged on.
    let asOf: CalendarDate
    /// What has been folded.
    var state = ProjectionState()
    /// The corrections of the log, by the event they correct: their `changes` merged in order.
    public var corrections: [EventID: [String: CBORValue]] = [:]
    /// The types of the corrected events folded so far, by id: a correction's `changes` are
    /// their fields, whose personal ones are never read.
    var correctedTypes: [EventID: EventTypeSpec] = [:]
    /// The events of the log voided (`case.entry-voided`: entered in error), which no table
    /// counts; give the run every void first, with the corrections (`note(_:into:voided:)`).
    public var voided: Set<EventID> = []
    /// The streams whose opening event is voided: a case entered in error counts in no table.
    var voidedStreams: Set<UInt64> = []

    /// A run of `plan` from an empty state. `from` and `to` override the spec's period;
    /// `today` is when deadlines are judged when there is no `to`.
    public init(plan: ProjectionPlan, calendar: WorkingDayCalendar = .englandAndWales, triageTarget: TriageTarget = .standard,
                from: CalendarDate? = nil, to: CalendarDate? = nil, today: CalendarDate = EuropeLondon.today()) {
        self.plan = plan
        self.calendar = calendar
        self.triageTarget = triageTarget
        let first = from ?? plan.spec.from, last = to ?? plan.spec.to
        start = first.map { EuropeLondon.startOfDay($0).microseconds } ?? .min
        end = last.map { EuropeLondon.startOfDay($0.adding(days: 1)).microseconds } ?? .max
        asOf = last.map { Swift.min($0, today) } ?? today
    }

    /// A run that continues from `state` (a kept projection's).
    init(plan: ProjectionPlan, calendar: WorkingDayCalendar, triageTarget: TriageTarget, state: ProjectionState,
         today: CalendarDate = EuropeLondon.today()) {
        self.init(plan: plan, calendar: calendar, triageTarget: triageTarget, today: today)
        self.state = state
    }

    /// The last position folded in.
    public var position: UInt64 { state.position }

    /// Folds `record` in. O(number of types the spec reads) for a record it does not read,
    /// with no allocation; a dictionary look-up by stream number and a few data look-ups for
    /// one it does.
    public mutating func apply(_ record: RecordView) {
        guard record.position > state.position else { return }
        if !voided.isEmpty || !voidedStreams.isEmpty {
            if record.version == 1 && voided.contains(record.eventID) { voidedStreams.insert(record.streamNumber) }
            if voided.contains(record.eventID) || voidedStreams.contains(record.streamNumber) {
                state.position = record.position
                return
            }
        }
        if let changes = corrections[record.eventID], let corrected = Self.merging(changes, into: record.dataBytes) {
            if let spec = EventCatalogue.type(named: record.type) { correctedTypes[record.eventID] = spec }
            corrected.withUnsafeBytes { fold(record, data: CBORView($0)) }
        } else {
            fold(record, data: record.data)
        }
    }

    /// Every correction among the records `scan` reads: the `changes` of each corrected event,
    /// merged in position order. Costs one pass over the records' types.
    public static func corrections(scanning scan: ((RecordView) throws -> Void) throws -> Void) rethrows -> [EventID: [String: CBORValue]] {
        var found: [EventID: [String: CBORValue]] = [:]
        try scan { note($0, into: &found) }
        return found
    }

    /// Adds `record`'s changes to `found` when it is a correction, and the event it names to
    /// `voided` when it is a void.
    public static func note(_ record: RecordView, into found: inout [EventID: [String: CBORValue]], voided: inout Set<EventID>) {
        if let target = CaseVoids.target(of: record) {
            voided.insert(target)
            return
        }
        note(record, into: &found)
    }

    /// Adds `record`'s changes to `found` when it is a correction.
    public static func note(_ record: RecordView, into found: inout [EventID: [String: CBORValue]]) {
        guard isCorrection(record), let (target, changes) = record.correction,
              case .map(let fields)? = try? CBORValue(decoding: changes.bytes)
        else { return }
        found[target, default: [:]].merge(fields) { _, new in new }
    }

    /// Finds the log's corrections (`corrections(scanning:)`), then folds the log from the run's
    /// position and gives the table: what `caselog project run` does, in one snapshot.
    public mutating func runCorrected(over reader: borrowing LogReader) throws -> ProjectionTable {
        var found: [EventID: [String: CBORValue]] = [:]
        var voids = Set<EventID>()
        try reader.scan { Self.note($0, into: &found, voided: &voids) }
        corrections = found
        voided = voids
        return try run(over: reader, from: state.position + 1)
    }

    /// True when `record` corrects or voids an event: a kept run that meets one among new
    /// records folds again from position 1, since the event it names was folded as first recorded.
    public static func amendsAnEvent(_ record: RecordView) -> Bool {
        isCorrection(record) || record.typeBytes.elementsEqual(CaseVoids.typeBytes)
    }

    /// True when `record` corrects an event (`case.entry-corrected`).
    public static func isCorrection(_ record: RecordView) -> Bool {
        let type = record.typeBytes
        guard type.count == correctionType.count else { return false }
        return correctionType.withUnsafeBytes { memcmp($0.baseAddress!, type.baseAddress!, type.count) == 0 }
    }

    private static let correctionType = Array(ProjectionPlan.CatalogueNames.correction.type.utf8)

    /// `data` (a CBOR map) with `changes` written over it, deterministic again; nil when
    /// `data` is not a map.
    static func merging(_ changes: [String: CBORValue], into data: UnsafeRawBufferPointer) -> [UInt8]? {
        guard case .map(var fields)? = try? CBORValue(decoding: data) else { return nil }
        fields.merge(changes) { _, new in new }
        return CBORValue.map(fields).encoded()
    }

    private mutating func fold(_ record: RecordView, data: CBORView) {
        state.position = record.position
        let occurredAt = record.occurredAt.microseconds
        guard occurredAt < end else { return }
        guard let typeIndex = plan.typeIndex(record.typeBytes) else {
            if plan.needsCaseFile, plan.readsStream(record.streamBytes) {
                let slot = caseSlot(record)
                state.cases[slot].file?.apply(record)
            }
            return
        }
        let entry = plan.types[typeIndex]
        // An older event may hold, in its data, a field the catalogue now marks personal
        // (DOMAIN.md §8): a spec cannot name one, and none is read through a structure either.
        if let spec = entry.spec, spec.hasPersonalFields {
            let correctedType = spec.correctsAnEvent
                ? data[ProjectionPlan.CatalogueNames.correction.eventID]?.textBytes.flatMap(EventID.init(text:)).flatMap { correctedTypes[$0] } : nil
            if let split = PersonalFieldFilter.split(data, of: spec, correctedType: correctedType) {
                split.data.withUnsafeBytes { foldRead(record, entry: entry, data: CBORView($0)) }
                return
            }
        }
        foldRead(record, entry: entry, data: data)
    }

    /// Folds `record`, of a type the plan reads (`entry`), with `data` to read.
    private mutating func foldRead(_ record: RecordView, entry: ProjectionPlan.TypeEntry, data: CBORView) {
        let occurredAt = record.occurredAt.microseconds
        if entry.isSubjectDetails {
            readSubject(record, data: data)
            return
        }
        guard plan.readsStream(record.streamBytes) else { return }
        if entry.isAssignment { readAssignment(record, data: data) }
        if let field = entry.subjectField, let subject = field.withUnsafeBytes({ data.value(forKey: $0) })?.string {
            state.subjectOfCase[record.streamNumber] = subject
        }
        if let role = entry.review { readReview(role, record, data: data) }
        let isRow = entry.isRow && occurredAt >= start && plan.matches(data)
        if plan.spec.isPerCase {
            guard isRow || !entry.folds.isEmpty || plan.needsCaseFile else { return }
            let slot = caseSlot(record)
            state.cases[slot].file?.apply(record)
            for index in entry.folds { foldValue(index, slot: slot, entry: entry, record: record, data: data) }
            if isRow, state.cases[slot].anchor == nil { state.cases[slot].anchor = row(record, data: data) }
        } else if isRow {
            state.rows.append(row(record, data: data))
        }
    }

    /// The table of everything applied so far (`ProjectionTable`).
    public func result() -> ProjectionTable {
        ProjectionAggregation(run: self).table()
    }

    // MARK: Reading records

    private mutating func caseSlot(_ record: RecordView) -> Int {
        if let slot = state.caseSlots[record.streamNumber] { return slot }
        let reference = record.stream
        let folds = plan.spec.perCase.map { value -> ProjectionState.FoldState in
            switch value.fold {
            case .count, .exists: .count(0)
            case .workingDays, .hours, .days: .between(from: nil, to: [])
            default: .empty
            }
        }
        state.cases.append(.init(reference: reference, folds: folds, anchor: nil,
                                 file: plan.needsCaseFile ? CaseFile(reference: reference) : nil))
        state.caseSlots[record.streamNumber] = state.cases.count - 1
        return state.cases.count - 1
    }

    private mutating func foldValue(_ index: Int, slot: Int, entry: ProjectionPlan.TypeEntry, record: RecordView, data: CBORView) {
        let at = record.occurredAt.microseconds
        let current = state.cases[slot].folds[index]
        let next: ProjectionState.FoldState
        switch plan.spec.perCase[index].fold {
        case .first(_, let field), .last(_, let field):
            let isFirst = if case .first = plan.spec.perCase[index].fold { true } else { false }
            if case .value(_, let seen) = current, isFirst ? seen <= at : seen > at { return }
            next = .value(value(of: field, record, data: data), at: at)
        case .count, .exists:
            guard case .count(let count) = current else { return }
            next = .count(count + 1)
        case .workingDays(let from, let to), .hours(let from, let to), .days(let from, let to):
            guard case .between(var start, var finishes) = current else { return }
            if entry.name == from { start = Swift.min(start ?? at, at) }
            if entry.name == to { finishes.append(at) }
            next = .between(from: start, to: finishes)
        case .deadline:
            return
        }
        state.cases[slot].folds[index] = next
    }

    /// The field's value, or the London date of the event when there is no field.
    private func value(of field: String?, _ record: RecordView, data: CBORView) -> ProjectionValue {
        guard let field else { return .text(EuropeLondon.date(of: record.occurredAt).iso8601) }
        return data[field].map(ProjectionValue.init) ?? .null
    }

    private func row(_ record: RecordView, data: CBORView) -> ProjectionState.Row {
        var values: [ProjectionValue] = []
        values.reserveCapacity(plan.captured.count)
        for (index, source) in plan.captured.enumerated() {
            switch source {
            case .field:
                values.append(plan.capturedKeys[index].withUnsafeBytes { data.value(forKey: $0) }.map(ProjectionValue.init) ?? .null)
            case .worker: values.append(state.workers[record.streamNumber].map { .text($0.worker) } ?? .null)
            case .actor: values.append(.text(record.actor))
            case .caseReference: values.append(.text(record.stream))
            case .caseType: values.append(CaseReference(record.stream).map { .text($0.caseType.rawValue) } ?? .null)
            case .eventType: values.append(.text(record.type))
            case .subject: values.append(state.subjectOfCase[record.streamNumber].map(ProjectionValue.text) ?? .null)
            case .subjectAttribute(let name):
                let subject = state.subjectOfCase[record.streamNumber]
                values.append(subject.flatMap { state.subjects[$0]?[name] } ?? .null)
            case .afterImplemented:
                // As the safeguarding learning report judges a repeat failure (DOMAIN.md §7): the
                // factor was found in a review opened after a recommendation addressing it was
                // marked implemented.
                let factors = data[ProjectionPlan.CatalogueNames.findingRecorded.factors].map(ProjectionValue.init)
                let opened = state.reviewOpenedAt[record.stream] ?? record.occurredAt.microseconds
                if case .list(let names)? = factors {
                    values.append(.list(names.filter { name in state.implementedAt[name].map { $0 < opened } ?? false }))
                } else {
                    values.append(.null)
                }
            case .caseValue: values.append(.null)
            }
        }
        return .init(position: record.position, occurredAt: record.occurredAt.microseconds, values: values)
    }

    private mutating func readAssignment(_ record: RecordView, data: CBORView) {
        guard let worker = data[ProjectionPlan.CatalogueNames.assignment.worker]?.string else { return }
        let at = record.occurredAt.microseconds
        if let current = state.workers[record.streamNumber], current.at > at { return }
        state.workers[record.streamNumber] = .init(worker: worker, at: at)
    }

    private mutating func readSubject(_ record: RecordView, data: CBORView) {
        let reference = record.stream
        for attribute in plan.subjectAttributes {
            guard let item = attribute.key.withUnsafeBytes({ data.value(forKey: $0) }) else { continue }
            state.subjects[reference, default: [:]][attribute.name] = ProjectionValue(item)
        }
    }

    private mutating func readReview(_ role: ProjectionPlan.ReviewRole, _ record: RecordView, data: CBORView) {
        let stream = record.stream
        switch role {
        case .opened:
            state.reviewOpenedAt[stream] = record.occurredAt.microseconds
        case .finding:
            let names = ProjectionPlan.CatalogueNames.findingRecorded
            guard let id = data[names.id]?.string else { return }
            state.findingFactors[stream + "#" + id] = data[names.factors]?.texts ?? []
        case .recommendation:
            let names = ProjectionPlan.CatalogueNames.recommendationMade
            guard let id = data[names.id]?.string else { return }
            state.recommendationFindings[stream + "#" + id] = data[names.findings]?.texts ?? []
        case .implemented:
            guard let id = data[ProjectionPlan.CatalogueNames.recommendationImplemented.id]?.string else { return }
            let at = record.occurredAt.microseconds
            for finding in state.recommendationFindings[stream + "#" + id] ?? [] {
                for factor in state.findingFactors[stream + "#" + finding] ?? [] {
                    state.implementedAt[factor] = Swift.min(state.implementedAt[factor] ?? at, at)
                }
            }
        }
    }
}
