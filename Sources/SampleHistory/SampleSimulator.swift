import Casework
#if canImport(EventLog)
import EventLog
#endif

/// The discrete-event simulation behind `SampleHistory`.
///
/// Scripts (cases, subjects, the daily arrivals) wait on an agenda ordered by time. Running one
/// produces events whose `occurredAt` is at or after the agenda's time; each event is given a
/// `recordedAt` and waits in a second heap until no event still to be generated could be recorded
/// before it. Events therefore leave in `recordedAt` order, and any prefix of the output is a valid
/// history: whatever an event names (a subject, an earlier event, another case) was recorded first.
///
/// Memory is the open cases, the events recorded in the next few weeks (late entries), and
/// fixed-size rings of past subjects and cases.
final class SampleSimulator {
    let configuration: SampleHistory.Configuration
    var random: SampleRandom
    /// The random numbers of feedback (compliments and suggestions), apart from the rest
    /// (`withFeedbackRandom`).
    private var feedbackRandom: SampleRandom
    var calendar = SampleCalendar()
    /// The agenda time of the script being run.
    private(set) var now: Int64
    /// Arrival rates are for 12,000 homes; this scales them to the configured number.
    let scale: Double

    var population = SamplePopulation()
    /// Recent cases that others may name (links, complaints about them, panel reviews).
    var recentTenancyCases = SampleRing<SampleCaseHandle>(capacity: 256)
    var recentSafeguardingCases = SampleRing<SampleCaseHandle>(capacity: 256)
    var recentComplaints = SampleRing<SampleCaseHandle>(capacity: 256)
    /// Cases whose course makes them likely subjects of a panel review.
    var reviewCandidates = SampleRing<SampleCaseHandle>(capacity: 64)
    /// Contributing factors that an implemented panel recommendation has addressed.
    var addressedFactors: [String] = []

    /// Scripts waiting for their time: the heap orders small keys, the scripts themselves stay put
    /// in `waitingScripts` (slots reused through `freeScriptSlots`).
    private var agenda = SampleHeap<ScheduledSlot>()
    private var waitingScripts: [(any SampleScript)?] = []
    private var freeScriptSlots: [Int32] = []
    /// Events waiting for their `recordedAt`: the heap orders small keys, the events themselves
    /// stay put in `waitingEvents` (slots reused through `freeSlots`).
    private var pending = SampleHeap<ScheduledSlot>()
    private var waitingEvents: [SampleEvent?] = []
    private var freeSlots: [Int32] = []
    private var order = 0
    private var referenceYears = [Int](repeating: 0, count: SampleReferenceKind.allCases.count)
    private var referenceNumbers = [Int](repeating: 0, count: SampleReferenceKind.allCases.count)
    private var lastOpeningRecordedAt = [Int64](repeating: .min, count: SampleReferenceKind.allCases.count)

    /// How many scripts wait on the agenda and how many events wait to be released (for tests of
    /// bounded memory).
    var agendaCount: Int { agenda.count }
    var pendingCount: Int { pending.count }

    init(_ configuration: SampleHistory.Configuration) {
        self.configuration = configuration
        random = SampleRandom(seed: configuration.seed)
        feedbackRandom = SampleRandom(seed: configuration.seed ^ 0xFEED_BAC4_0000_0001)
        // Times are stated to the minute, so the history starts on a whole minute.
        let minute = SampleCalendar.microsecondsPerMinute
        now = ((configuration.start.microseconds - 1).floorDivided(by: minute) + 1) * minute
        scale = Double(max(SampleHistory.Configuration.minimumHomes, configuration.homes)) / 12_000
        schedule(SampleArrivals(start: now))
    }

    // MARK: Running

    /// The next event in `recordedAt` order. Never nil: arrivals go on for ever.
    func nextEvent() -> SampleEvent {
        while true {
            if let waiting = pending.first, let due = agenda.first,
               waiting.time + Self.maximumClockSkew < due.time {
                return release(pending.pop()!)
            }
            guard let entry = agenda.pop() else { return release(pending.pop()!) }
            now = entry.time
            let script = waitingScripts[Int(entry.slot)].take()!
            freeScriptSlots.append(entry.slot)
            script.runNext(self)
            schedule(script)
        }
    }

    private func release(_ waiting: ScheduledSlot) -> SampleEvent {
        let slot = Int(waiting.slot)
        let event = waitingEvents[slot].take()!
        freeSlots.append(waiting.slot)
        return event
    }

    /// Puts a script on the agenda at its next time (if it has one).
    func schedule(_ script: any SampleScript) {
        guard let time = script.nextTime else { return }
        assert(time >= now, "a script may not go back in time")
        order += 1
        let slot: Int32
        if let free = freeScriptSlots.popLast() {
            slot = free
            waitingScripts[Int(free)] = script
        } else {
            slot = Int32(waitingScripts.count)
            waitingScripts.append(script)
        }
        agenda.push(ScheduledSlot(time: time, order: order, slot: slot))
    }

    /// Runs `body` with `random` drawing from feedback's own numbers: feedback, added to the
    /// sample history after the rest, leaves every other draw of a seed as it was.
    func withFeedbackRandom<T>(_ body: () -> T) -> T {
        swap(&random, &feedbackRandom)
        defer { swap(&random, &feedbackRandom) }
        return body()
    }

    // MARK: Recording

    /// A recorded time may be this much before the stated `occurredAt` (DOMAIN.md §1 clock skew).
    static let maximumClockSkew: Int64 = 5 * SampleCalendar.microsecondsPerMinute

    /// Share of events entered late (1 to 20 days after they happened). Later events of the same
    /// case queue behind a late one, which brings the share of late entries to about 3%.
    static let lateEntryShare = 0.014

    /// Records the opening event of a new stream, allocating its reference the way a store would
    /// (type and year of `occurredAt`, next number), and returns the stream.
    func open(_ kind: SampleReferenceKind, _ type: String, at occurredAt: Int64, data: String,
              after constraint: Int64 = .min) -> SampleStream {
        let reference = allocateReference(kind, occurredAt: occurredAt)
        let delay = random.chance(0.85)
            ? Int64(random.int(60...2_700)) * SampleCalendar.microsecondsPerSecond
            : Int64(random.int(2_700...10_800)) * SampleCalendar.microsecondsPerSecond
        // Openings of one type are recorded in the order their references were allocated.
        let recordedAt = max(occurredAt + delay + jitter(), constraint, lastOpeningRecordedAt[kind.rawValue])
        lastOpeningRecordedAt[kind.rawValue] = recordedAt
        let eventID = emit(type, reference: reference, occurredAt: occurredAt, recordedAt: recordedAt, data: data)
        return SampleStream(reference: reference, openingEventID: eventID, openedRecordedAt: recordedAt, lastRecordedAt: recordedAt)
    }

    /// Records an event on an open stream and returns its id. `constraint` is the latest
    /// `openedRecordedAt` of any other stream the event names.
    @discardableResult
    func record(_ type: String, on stream: inout SampleStream, at occurredAt: Int64, data: String,
                after constraint: Int64 = .min) -> String {
        let recordedAt = max(occurredAt + recordingDelay() + jitter(), stream.lastRecordedAt, constraint)
        stream.lastRecordedAt = recordedAt
        return emit(type, reference: stream.reference, occurredAt: occurredAt, recordedAt: recordedAt, data: data)
    }

    private func jitter() -> Int64 {
        Int64(random.below(1_000_000))
    }

    private func recordingDelay() -> Int64 {
        let minute = SampleCalendar.microsecondsPerMinute
        let draw = random.unit()
        if draw < Self.lateEntryShare {
            let days = 1 + Int(random.unit() * random.unit() * 19.99)
            return Int64(days) * SampleCalendar.microsecondsPerDay + Int64(random.int(0...600)) * minute
        }
        if draw < Self.lateEntryShare + 0.004 {
            return -Int64(random.int(10...240)) * SampleCalendar.microsecondsPerSecond
        }
        if draw < 0.55 { return Int64(random.int(2...45)) * minute }
        if draw < 0.88 { return Int64(random.int(45...300)) * minute }
        return Int64(random.int(300...1_320)) * minute
    }

    @discardableResult
    private func emit(_ type: String, reference: String, occurredAt: Int64, recordedAt: Int64, data: String) -> String {
        assert(occurredAt >= now, "events occur at or after the agenda time")
        let id = random.uuid()
        let event = SampleEvent(
            id: id, type: type, caseReference: reference,
            occurredAt: Timestamp(microseconds: occurredAt), recordedAt: Timestamp(microseconds: recordedAt), dataJSON: data)
        order += 1
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            waitingEvents[Int(free)] = event
        } else {
            slot = Int32(waitingEvents.count)
            waitingEvents.append(event)
        }
        pending.push(ScheduledSlot(time: recordedAt, order: order, slot: slot))
        return id
    }

    private func allocateReference(_ kind: SampleReferenceKind, occurredAt: Int64) -> String {
        let year = Timestamp.civilFromDays(Int(occurredAt.floorDivided(by: SampleCalendar.microsecondsPerDay))).year
        if kind.isNumberedPerYear && referenceYears[kind.rawValue] != year {
            referenceYears[kind.rawValue] = year
            referenceNumbers[kind.rawValue] = 0
        }
        referenceNumbers[kind.rawValue] += 1
        return kind.reference(year: year, number: referenceNumbers[kind.rawValue])
    }

    // MARK: Events every case type shares

    /// Records a `case.entry-corrected` for a correction planned earlier.
    func recordCorrection(_ correction: SampleCorrection, on stream: inout SampleStream, at time: Int64) {
        var data = SampleJSONObject()
        data.add("eventId", correction.eventID)
        data.add("reason", correction.reason)
        data.add("changes", json: correction.changesJSON)
        record("case.entry-corrected", on: &stream, at: time, data: data.finish())
    }

    /// Records a `case.note-added` with `text`.
    func recordNote(_ text: String, on stream: inout SampleStream, at time: Int64) {
        var data = SampleJSONObject()
        data.add("text", text)
        record("case.note-added", on: &stream, at: time, data: data.finish())
    }

    /// Records a `case.assigned`.
    func recordAssignment(_ worker: String, on stream: inout SampleStream, at time: Int64) {
        var data = SampleJSONObject(capacity: 32)
        data.add("worker", worker)
        record("case.assigned", on: &stream, at: time, data: data.finish())
    }

    /// Records a `case.linked` naming `other`.
    func recordLink(to other: SampleCaseHandle, relation: String, on stream: inout SampleStream, at time: Int64) {
        var data = SampleJSONObject(capacity: 64)
        data.add("otherCase", other.reference)
        data.add("relation", relation)
        record("case.linked", on: &stream, at: time, data: data.finish(), after: other.openedRecordedAt)
    }

    /// Share of correctable events that are later put right by a `case.entry-corrected`.
    static let correctionShare = 0.02

    /// Whether the event just recorded will be corrected later.
    func shouldCorrect() -> Bool {
        random.chance(Self.correctionShare)
    }

    /// When a correction is entered: between an hour and a week after `time`.
    func correctionTime(after time: Int64) -> Int64 {
        minutes(60...10_080, after: time)
    }

    // MARK: Time

    /// A plausible office time (08:45–17:15 local, busiest mid-morning) on `day`.
    func officeTime(on day: Int) -> Int64 {
        let minute = random.chance(0.5) ? 525 + random.below(510) : 525 + (random.below(510) + random.below(510)) / 2
        return SampleCalendar.instant(day: day, minute: minute)
    }

    /// An office time on the `count`-th working day after the day of `time` (count 0: the same
    /// day if that is a working day and the time is still ahead, else the next working day).
    func officeTime(workingDays count: Int, after time: Int64) -> Int64 {
        let day = SampleCalendar.localDay(of: time)
        if count <= 0 {
            let minute = SampleCalendar.minuteOfDay(of: time)
            if calendar.isWorkingDay(day) && minute < 16 * 60 {
                let start = max(minute + 10, 525)
                let pick = start + random.below(max(1, 17 * 60 + 15 - start))
                return max(time, SampleCalendar.instant(day: day, minute: pick))
            }
            return officeTime(on: calendar.workingDay(1, after: day))
        }
        return officeTime(on: calendar.workingDay(count, after: day))
    }

    /// An office time roughly `days` calendar days after `time`. A weekend or bank holiday moves
    /// to a working day up to three days either side, so that Mondays and Fridays are not swamped.
    func officeTime(days: Int, after time: Int64) -> Int64 {
        let today = SampleCalendar.localDay(of: time)
        var day = today + max(1, days)
        if !calendar.isWorkingDay(day) {
            var candidates: [Int] = []
            for nearby in day - 3...day + 3 where nearby > today && calendar.isWorkingDay(nearby) {
                candidates.append(nearby)
            }
            day = candidates.isEmpty ? calendar.workingDay(onOrAfter: day) : random.pick(candidates)
        }
        return officeTime(on: day)
    }

    /// `time` plus a number of minutes.
    func minutes(_ range: ClosedRange<Int>, after time: Int64) -> Int64 {
        time + Int64(random.int(range)) * SampleCalendar.microsecondsPerMinute
    }

    /// The local day of `time`, as `YYYY-MM-DD`, shifted by `days`.
    func dateText(_ time: Int64, plusDays days: Int = 0) -> String {
        SampleCalendar.dateText(SampleCalendar.localDay(of: time) + days)
    }

    /// The `YYYY-MM-DD` of the `count`-th working day after `time`.
    func workingDateText(_ count: Int, after time: Int64) -> String {
        SampleCalendar.dateText(calendar.workingDay(count, after: SampleCalendar.localDay(of: time)))
    }
}

/// Something due at `time` in a slot of the simulator, first come first served at equal
/// times: an intent on the agenda (`time` is when it happens) or an event waiting to be
/// released (`time` is when it was recorded).
private struct ScheduledSlot: Comparable {
    let time: Int64
    let order: Int
    let slot: Int32

    static func < (left: ScheduledSlot, right: ScheduledSlot) -> Bool {
        left.time != right.time ? left.time < right.time : left.order < right.order
    }

    static func == (left: ScheduledSlot, right: ScheduledSlot) -> Bool {
        left.time == right.time && left.order == right.order
    }
}

/// The kinds of stream and the shapes of their references (DOMAIN.md §1).
enum SampleReferenceKind: Int, CaseIterable {
    case tenancy, safeguarding, complaint, review, subject, feedback

    var isNumberedPerYear: Bool { self != .subject }

    func reference(year: Int, number: Int) -> String {
        switch self {
        case .tenancy: "TS-\(year)-\(Self.padded(number, 6))"
        case .safeguarding: "SG-\(year)-\(Self.padded(number, 6))"
        case .complaint: "CMP-\(year)-\(Self.padded(number, 6))"
        case .review: "PR-\(year)-\(Self.padded(number, 4))"
        case .subject: "P-\(Self.padded(number, 6))"
        case .feedback: "FB-\(year)-\(Self.padded(number, 6))"
        }
    }

    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
