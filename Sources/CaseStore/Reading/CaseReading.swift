import Casework
import Codec
import EventLog
import Projections

/// One case as `caselog case` shows it: its summary (the case-summary view's row), its
/// deadlines worked out with the settings in force, and its timeline.
public struct CaseReading: Sendable {
    /// One event of the timeline, its personal fields merged back into its data when they are shown.
    public struct Entry: Sendable {
        /// Its position in the log.
        public let position: UInt64
        /// Its version in the case.
        public let version: UInt64
        /// The event type.
        public let type: String
        /// When it happened.
        public let occurredAt: Timestamp
        /// When the store wrote it.
        public let recordedAt: Timestamp
        /// Who recorded it.
        public let actor: String
        /// Whom the actor recorded it for, when their data says (`OnBehalfOf`).
        public let onBehalfOf: String?
        /// The event id.
        public let id: EventID
        /// The data as a JSON object (personal fields merged in when shown).
        public let dataJSON: [UInt8]
        /// Why personal fields that were asked for are missing: "erased", or "no key here" (the
        /// store was read without its key store); nil when they are shown or the event has none.
        public var personalMissing: String? = nil
        /// The version of the `case.entry-voided` that marks it entered in error; nil while it stands.
        public var voidedBy: UInt64? = nil
        /// Where a migrated event came from (DOMAIN.md §10); nil for one recorded here.
        public var source: MigratedSource? = nil

        /// The data as `field: value` pairs, lists comma-separated (nested objects stay JSON):
        /// `{"a":"x","b":["y","z"]}` reads `a: x · b: y, z`.
        public var dataText: String { ReadableData.text(of: dataJSON) }

        /// Who recorded it as people read it: the actor, and for whom (`a.khan for s.patel`).
        public var recordedBy: String { onBehalfOf.map { "\(actor) for \($0)" } ?? actor }
    }

    /// The case file: the case summary (DOMAIN.md §6) with the entries its deadlines are worked out from.
    public let file: CaseFile
    /// Its deadlines, judged as of `asOf`.
    public let deadlines: [Deadline]
    /// The day the deadlines are judged on (open or overdue).
    public let asOf: CalendarDate
    /// The working-day calendar the deadlines were worked out with.
    public let calendar: WorkingDayCalendar
    /// The settings the deadlines were worked out with (DOMAIN.md §10).
    public let settingsUsed: [SettingInForce]
    /// Every event of the case, in version order (empty when not asked for).
    public let timeline: [Entry]
    /// True when the timeline shows a personal section (it was asked for, and the case has one):
    /// the read is then logged (`access.personal-read`, docs/ACCESS.md).
    public var showsPersonalFields = false

    /// The whole reading as one JSON object and a newline: summary, deadlines, `settings`, `events`.
    public func json() -> [UInt8] {
        var json = JSONWriter(capacity: 1024 + timeline.reduce(0) { $0 + $1.dataJSON.count + 256 })
        CaseSummaryJSON.writeSummary(file, deadlines: deadlines, asOf: asOf, into: &json)
        json.key("settings")
        SettingInForce.writeJSON(settingsUsed, into: &json)
        json.key("events")
        json.beginArray()
        for entry in timeline {
            json.beginObject()
            json.key("position"); json.unsigned(entry.position)
            json.key("version"); json.unsigned(entry.version)
            json.key("type"); json.string(entry.type)
            json.key("occurredAt"); json.string(entry.occurredAt.iso8601)
            json.key("recordedAt"); json.string(entry.recordedAt.iso8601)
            json.key("actor"); json.string(entry.actor)
            json.key("id"); json.string(entry.id.description)
            json.key("data"); json.raw(entry.dataJSON)
            if let missing = entry.personalMissing { json.key("personalFields"); json.string(missing) }
            if let voidedBy = entry.voidedBy { json.key("voidedBy"); json.unsigned(voidedBy) }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.bytes.append(0x0A)
        return json.bytes
    }
}

extension CaseStore {
    /// The case or subject `reference` as `caselog case` shows it, with deadlines judged as of
    /// `asOf`; nil when the store has no such stream. Personal fields are merged into the
    /// timeline's data unless `includingPersonal` is false (what a case shows of an erased or
    /// damaged section is decided by `PersonalFieldFilter.withShownContent`); with
    /// `includingTimeline` false, the timeline is left empty and its records are not read.
    ///
    /// Cost: one read of the case's row and of its records, in one snapshot.
    public func readCase(_ reference: String, asOf: CalendarDate, includingPersonal: Bool = true,
                         includingTimeline: Bool = true) throws -> CaseReading? {
        try log.read { reader -> CaseReading? in
            guard try reader.streamHead(reference) != nil, let file = try CaseSummaryView.view.fold(of: reference, in: reader) else {
                return nil
            }
            var timeline: [CaseReading.Entry] = []
            var showsPersonal = false
            var voids: [(target: EventID, version: UInt64)] = []
            if includingTimeline { try reader.scanStream(reference) { record in
                if let target = CaseVoids.target(of: record) {
                    voids.append((target, record.version))
                }
                if includingPersonal && record.hasPersonalData { showsPersonal = true }
                try PersonalFieldFilter.withShownContent(of: record, in: reader, includingPersonal: includingPersonal) { data, personal in
                    var json = JSONWriter()
                    try MergedDataWriter.write(data: data, personal: personal.flatMap { $0.isWellFormed ? $0.fields : nil }, into: &json)
                    var entry = CaseReading.Entry(
                        position: record.position, version: record.version, type: record.type, occurredAt: record.occurredAt,
                        recordedAt: record.recordedAt, actor: record.actor, onBehalfOf: record.data[OnBehalfOf.field]?.string,
                        id: record.eventID, dataJSON: json.bytes)
                    entry.source = MigratedSource(data: record.data)
                    if includingPersonal, let personal, !personal.isWellFormed {
                        entry.personalMissing = personal.isEncryptedWithoutKey && log.keyStore == nil ? "no key here" : "erased"
                    }
                    timeline.append(entry)
                }
            } }
            // Entries made in error are kept, marked with the void that names them (`CaseVoids`).
            for (target, version) in voids {
                guard let index = timeline.firstIndex(where: { $0.id == target }) else { continue }
                timeline[index].voidedBy = version
            }
            let settings = try OrganisationSettings.inForce(in: reader)
            let deadlines = file.deadlines(calendar: settings.calendar, triageTarget: settings.triageTarget)
            var reading = CaseReading(file: file, deadlines: deadlines, asOf: asOf, calendar: settings.calendar,
                                      settingsUsed: settings.inForce(CaseFile.settingsDeadlinesUse), timeline: timeline)
            reading.showsPersonalFields = showsPersonal
            return reading
        }
    }
}
