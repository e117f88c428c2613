@testable import Casework
import EventLog
import Testing

/// The settings stream folded as of a position, and the move of settings an older caselog kept
/// beside the log into it.
@Suite("Organisation settings as events")
struct OrganisationSettingsTests {
    @Test("every setting has its default and the shipped calendar until something is set")
    func defaults() throws {
        let fixture = try LifecycleFixture()
        let settings = try OrganisationSettings.inForce(in: fixture.store)
        #expect(settings.homes == nil)
        #expect(settings.replayGapDays == 7)
        #expect(settings.writeWaitSeconds == 10)
        #expect(settings.triageTarget == .standard)
        #expect(settings.calendar == .englandAndWales)
        #expect(settings.calendarLoads.isEmpty)
        #expect(settings.change(of: .homes) == nil)
    }

    @Test("a change is in force from its position on, and an earlier position reads the value before")
    func inForceByPosition() throws {
        let fixture = try LifecycleFixture()
        try fixture.record(LifecycleFixture.person("P-000001"))
        let first = try OrganisationSettings.change(.triageOtherDays, to: 3, in: fixture.store, actor: "a.khan")
        let second = try OrganisationSettings.change(.triageOtherDays, to: 2, in: fixture.store, actor: "s.patel")
        #expect(first.previous == nil && first.position == 2)
        #expect(second.previous == 3 && second.position == 3)
        let now = try OrganisationSettings.inForce(in: fixture.store)
        #expect(now.triageTarget.otherWorkingDays == 2)
        #expect(now.change(of: .triageOtherDays)?.actor == "s.patel")
        #expect(now.position == 3)
        let before = try fixture.store.read { try OrganisationSettings.inForce(in: $0, through: 2) }
        #expect(before.triageTarget.otherWorkingDays == 3)
        #expect(before.change(of: .triageOtherDays)?.position == 2)
        let atFirst = try fixture.store.read { try OrganisationSettings.inForce(in: $0, through: 1) }
        #expect(atFirst.triageTarget.otherWorkingDays == 1)
        // The same value again records nothing.
        #expect(try OrganisationSettings.change(.triageOtherDays, to: 2, in: fixture.store, actor: "s.patel").position == nil)
        #expect(try fixture.store.head().position == 3)
    }

    @Test("a value outside the setting's range is refused and nothing is written")
    func outOfRange() throws {
        let fixture = try LifecycleFixture()
        #expect(throws: ValidationError.self) { try OrganisationSettings.change(.homes, to: 0, in: fixture.store, actor: "a.khan") }
        #expect(throws: ValidationError.self) { try StoreSetting.triageOtherDays.parse("21") }
        #expect(try fixture.store.head().position == 0)
    }

    @Test("a load adds and removes dates as events; more than ten days in a year or a shipped date removed needs force")
    func calendarLoads() throws {
        let fixture = try LifecycleFixture()
        let extra = CalendarDate("2026-06-15")!
        let withExtra = WorkingDayCalendar(bankHolidays: WorkingDayCalendar.englandAndWales.bankHolidays.filter { $0.year == 2026 } + [extra])
        let change = try OrganisationSettings.loadCalendar(withExtra, division: "england-and-wales", force: false,
                                                           into: fixture.store, actor: "a.khan")
        #expect(change.added == [extra] && change.removed.isEmpty && change.position == 1)
        #expect(try OrganisationSettings.inForce(in: fixture.store).calendar.isBankHoliday(extra))

        let everyDayOfJuly = (1...31).compactMap { CalendarDate(year: 2026, month: 7, day: $0) }
        let tooMany = WorkingDayCalendar(bankHolidays: withExtra.bankHolidays + everyDayOfJuly)
        #expect(throws: ValidationError.self) {
            try OrganisationSettings.loadCalendar(tooMany, division: "england-and-wales", force: false, into: fixture.store, actor: "m.allory")
        }
        let dropsChristmas = WorkingDayCalendar(bankHolidays: withExtra.bankHolidays.filter { $0 != CalendarDate("2026-12-25")! })
        do {
            _ = try OrganisationSettings.loadCalendar(dropsChristmas, division: "england-and-wales", force: false, into: fixture.store,
                                                      actor: "m.allory")
            Issue.record("a load that removes a shipped holiday went through without force")
        } catch let error as ValidationError {
            #expect(error.message.contains("leaves out 1 bank holiday of England and Wales that caselog ships (2026-12-25)"), "\(error.message)")
        }
        #expect(try fixture.store.head().position == 1)
        let forced = try OrganisationSettings.loadCalendar(tooMany, division: "england-and-wales", force: true, into: fixture.store,
                                                           actor: "m.allory")
        #expect(forced.added.count == 31 && forced.position == 2)
        let settings = try OrganisationSettings.inForce(in: fixture.store)
        #expect(settings.calendarLoads.last?.isForced == true)
        #expect(settings.calendarInForce.source.contains("with --force; position 2"))
        // As of the first load, July is ordinary again.
        let earlier = try fixture.store.read { try OrganisationSettings.inForce(in: $0, through: 1) }
        #expect(!earlier.calendar.isBankHoliday(CalendarDate("2026-07-01")!) && earlier.calendar.isBankHoliday(extra))
    }

    @Test("settings an older caselog kept beside the log are read, then written into the log once and removed")
    func movedIntoTheLog() throws {
        let fixture = try LifecycleFixture()
        let calendar = WorkingDayCalendar(bankHolidays: WorkingDayCalendar.englandAndWales.bankHolidays + [CalendarDate("2026-06-15")!])
        try fixture.store.write(actor: "old.caselog") { writer in
            try writer.saveSetting(Array("500".utf8), named: "homes")
            try writer.saveSetting(Array("3".utf8), named: "triage.other-days")
            try writer.saveSetting(Array(calendar.bankHolidayList.utf8), named: "bank-holidays")
        }
        let beside = try OrganisationSettings.inForce(in: fixture.store)
        #expect(beside.homes == 500 && beside.triageTarget.otherWorkingDays == 3 && beside.calendar == calendar)
        #expect(beside.change(of: .homes)?.position == 0)
        #expect(beside.inForce([.homes]).first?.source == "kept beside the log by an older caselog")

        #expect(try OrganisationSettings.moveSettingsIntoTheLog(in: fixture.store, actor: "s.patel") == 3)
        #expect(try OrganisationSettings.moveSettingsIntoTheLog(in: fixture.store, actor: "s.patel") == 0)
        #expect(try fixture.store.head().position == 3)
        #expect(try fixture.store.read { try OrganisationSettings.hasSettingsBesideTheLog(in: $0) } == false)
        let moved = try OrganisationSettings.inForce(in: fixture.store)
        #expect(moved.homes == 500 && moved.triageTarget.otherWorkingDays == 3 && moved.calendar == calendar)
        #expect(moved.change(of: .homes)?.actor == "s.patel")
        #expect(moved.calendarLoads.last?.added == 1)
    }

    @Test("many small loads cannot add up to what one load needs force for: each is judged against the shipped calendar")
    func smallLoadsAddUp() throws {
        let fixture = try LifecycleFixture()
        let shipped2026 = WorkingDayCalendar.englandAndWales.bankHolidays.filter { $0.year == 2026 }
        let weekdays = (1...31).compactMap { CalendarDate(year: 2026, month: 7, day: $0) }.filter { !$0.weekday.isWeekend }
        // Ten extra days: allowed. Ten more on top, in a file that keeps the first ten: refused.
        let ten = WorkingDayCalendar(bankHolidays: shipped2026 + weekdays.prefix(10))
        #expect(try OrganisationSettings.loadCalendar(ten, division: "england-and-wales", force: false, into: fixture.store,
                                                      actor: "m.allory").position == 1)
        let twenty = WorkingDayCalendar(bankHolidays: shipped2026 + weekdays.prefix(20))
        do {
            _ = try OrganisationSettings.loadCalendar(twenty, division: "england-and-wales", force: false, into: fixture.store,
                                                      actor: "m.allory")
            Issue.record("a second load of ten days went through without force, making twenty")
        } catch let error as ValidationError {
            #expect(error.message.contains("makes 20 days of 2026 bank holidays that caselog does not ship"), "\(error.message)")
        }
        #expect(try fixture.store.head().position == 1)
    }

    @Test("a setting in the log outside its range is damage (exit 74), not a deadline to work out")
    func outOfRangeInTheLog() throws {
        let fixture = try LifecycleFixture()
        let data = OrganisationSettings.encodedMap([("name", { $0.writeText("triage.other-days") }),
                                                    ("value", { $0.writeInteger(1 << 62) })])
        try fixture.store.append([ProposedEvent(id: .random(), type: SettingsStream.settingChanged, occurredAt: .now(), data: data)],
                                 to: SettingsStream.name, actor: "someone")
        #expect(throws: StoreError.self) { try OrganisationSettings.inForce(in: fixture.store) }
    }
}
