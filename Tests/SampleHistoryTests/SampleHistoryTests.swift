import Foundation
@testable import SampleHistory
import Testing
@testable import Casework
#if canImport(EventLog)
import EventLog
#endif

@Suite("Sample history")
struct SampleHistoryTests {
    static func history(events: Int, seed: UInt64 = 1, homes: Int = 12_000) -> SampleHistory {
        var configuration = SampleHistory.Configuration()
        configuration.events = events
        configuration.seed = seed
        configuration.homes = homes
        return SampleHistory(configuration)
    }

    @Test("the same seed gives the same lines, ids included")
    func sameSeedSameLines() {
        let first = Self.history(events: 3_000).map(\.jsonLine)
        let second = Self.history(events: 3_000).map(\.jsonLine)
        #expect(first == second)
    }

    @Test("a different seed gives a different history")
    func differentSeedDifferentHistory() {
        let first = Self.history(events: 500, seed: 1).map(\.jsonLine)
        let second = Self.history(events: 500, seed: 2).map(\.jsonLine)
        #expect(first != second)
        #expect(Set(first).isDisjoint(with: second))
    }

    @Test("a shorter history is a prefix of a longer one with the same seed")
    func shorterIsPrefix() {
        let short = Self.history(events: 1_234).map(\.jsonLine)
        let long = Self.history(events: 4_000).map(\.jsonLine)
        #expect(Array(long.prefix(1_234)) == short)
    }

    @Test("exactly the requested number of events", arguments: [0, 1, 777, 5_000])
    func exactCount(count: Int) {
        var generated = 0
        for _ in Self.history(events: count) { generated += 1 }
        #expect(generated == count)
    }

    @Test("the defaults are seed 1, 5,000 events from 2024-01-02T08:00:00Z and 12,000 homes")
    func defaults() {
        let configuration = SampleHistory.Configuration()
        #expect(configuration.seed == 1)
        #expect(configuration.events == 5_000)
        #expect(configuration.start == Timestamp(year: 2024, month: 1, day: 2, hour: 8))
        #expect(configuration.homes == 12_000)
    }

    @Test("events come out in recordedAt order, each at most 5 minutes before its occurredAt")
    func recordedOrder() {
        var previous = Int64.min
        var count = 0
        for event in Self.history(events: 20_000) {
            #expect(event.recordedAt.microseconds >= previous)
            #expect(event.occurredAt.microseconds <= event.recordedAt.microseconds + 5 * 60_000_000)
            previous = event.recordedAt.microseconds
            count += 1
        }
        #expect(count == 20_000)
    }

    @Test("about 3% of events are entered a day or more after they happened, and none before 2024-01-02T08:00:00Z")
    func lateEntries() {
        var late = 0
        let start = Timestamp(year: 2024, month: 1, day: 2, hour: 8)
        for event in Self.history(events: 20_000) {
            if event.recordedAt.microseconds - event.occurredAt.microseconds >= 86_400_000_000 { late += 1 }
            #expect(event.occurredAt >= start)
        }
        let share = Double(late) / 20_000
        #expect(share > 0.02 && share < 0.045, "late share \(share)")
    }

    @Test("every line is a JSON object with type, case, occurredAt, id and data in that order")
    func linesAreJSON() throws {
        for event in Self.history(events: 5_000) {
            let expected = "{\"type\":\"\(event.type)\",\"case\":\"\(event.caseReference)\",\"occurredAt\":\"\(event.occurredAt.iso8601)\","
                + "\"id\":\"\(event.id)\",\"data\":\(event.dataJSON)}"
            #expect(event.jsonLine == expected)
            let object = try JSONSerialization.jsonObject(with: Data(event.jsonLine.utf8)) as? [String: Any]
            #expect(object?.count == 5)
            #expect(object?["data"] is [String: Any])
            #expect(object?["occurredAt"] as? String == event.occurredAt.iso8601)
        }
    }

    @Test("ids are unique lowercase version 4 UUIDs")
    func idsAreUUIDs() {
        var seen = Set<String>()
        for event in Self.history(events: 5_000) {
            #expect(event.id.range(of: #"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"#,
                                   options: .regularExpression) != nil)
            #expect(seen.insert(event.id).inserted)
        }
    }

    @Test("the mean line is between 300 and 400 bytes", arguments: [5_000, 20_000])
    func meanLineLength(count: Int) {
        var bytes = 0
        for event in Self.history(events: count) { bytes += event.jsonLine.utf8.count }
        let mean = Double(bytes) / Double(count)
        #expect(mean >= 300 && mean <= 400, "mean line \(mean) bytes")
    }

    @Test("occurredAt text is the same as Timestamp.iso8601")
    func isoText() {
        for instant: Int64 in [0, 1_704_182_400_000_000, 1_735_689_599_000_000, 951_782_400_000_000] {
            #expect(SampleCalendar.isoText(instant) == Timestamp(microseconds: instant).iso8601)
        }
    }

    @Test("bank holiday rules give DOMAIN.md's lists for 2024 to 2027")
    func bankHolidays() {
        let published = [
            2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
            2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
            2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
            2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
        ]
        for (year, dates) in published {
            #expect(SampleCalendar.bankHolidays(year: year).map(SampleCalendar.dateText) == dates.map { "\(year)-\($0)" })
        }
    }

    @Test("office hours follow British Summer Time")
    func summerTime() {
        let july = Timestamp.daysFromCivil(year: 2025, month: 7, day: 1)
        let january = Timestamp.daysFromCivil(year: 2025, month: 1, day: 6)
        #expect(SampleCalendar.instant(day: july, minute: 9 * 60) == Timestamp(year: 2025, month: 7, day: 1, hour: 8).microseconds)
        #expect(SampleCalendar.instant(day: january, minute: 9 * 60) == Timestamp(year: 2025, month: 1, day: 6, hour: 9).microseconds)
        #expect(SampleCalendar.localDay(of: Timestamp(year: 2025, month: 6, day: 30, hour: 23, minute: 30).microseconds) == july)
    }

    @Test("memory does not grow with the history: waiting scripts and events stay bounded")
    func boundedMemory() {
        // 3,000 homes so that 60,000 events span about five years: each third is long enough
        // for cases opened in it to close and have their sustainment checks.
        var iterator = Self.history(events: 60_000, homes: 3_000).makeIterator()
        var peaks = [0, 0, 0]
        var index = 0
        while iterator.next() != nil {
            let third = index / 20_000
            peaks[third] = max(peaks[third], iterator.simulator.agendaCount + iterator.simulator.pendingCount)
            index += 1
        }
        #expect(peaks[2] <= peaks[1] * 5 / 4, "peaks \(peaks)")
        #expect(peaks[2] < 800, "peaks \(peaks)")
    }
}

@Suite("Sample history configuration")
struct SampleHistoryConfigurationTests {
    @Test("a start that is not on a whole minute begins at the next minute, and occurredAt has no fraction")
    func oddStart() {
        var configuration = SampleHistory.Configuration()
        configuration.events = 2_000
        configuration.start = Timestamp(year: 2025, month: 6, day: 14, hour: 22, minute: 59, second: 30, microsecond: 250)
        var checker = SampleLifecycleChecker()
        for event in SampleHistory(configuration) {
            #expect(event.occurredAt.microseconds % 60_000_000 == 0)
            #expect(event.occurredAt >= Timestamp(year: 2025, month: 6, day: 14, hour: 23))
            checker.check(event)
        }
        #expect(checker.problems.isEmpty, "\(checker.problems.prefix(10))")
    }

    @Test("a larger organisation packs the same number of events into less time")
    func largerOrganisation() {
        func lastOccurredAt(homes: Int) -> Timestamp {
            var configuration = SampleHistory.Configuration()
            configuration.events = 3_000
            configuration.homes = homes
            return SampleHistory(configuration).map(\.occurredAt).max()!
        }
        #expect(lastOccurredAt(homes: 48_000) < lastOccurredAt(homes: 12_000))
    }
}
