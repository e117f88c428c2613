import Testing
@testable import Casework
#if canImport(EventLog)
import EventLog
#endif

@Suite("Bank holiday import and storage")
struct BankHolidayImportTests {
    /// A cut-down `bank-holidays.json` in GOV.UK's shape: three divisions, a few events each.
    static let sample = """
        {"england-and-wales":{"division":"england-and-wales","events":[
          {"title":"New Year’s Day","date":"2025-01-01","notes":"","bunting":true},
          {"title":"Christmas Day","date":"2025-12-25","notes":"","bunting":true},
          {"title":"Boxing Day","date":"2025-12-26","notes":"","bunting":true}]},
         "scotland":{"division":"scotland","events":[
          {"title":"New Year’s Day","date":"2025-01-01","notes":"","bunting":true},
          {"title":"2nd January","date":"2025-01-02","notes":"","bunting":true},
          {"title":"St Andrew’s Day","date":"2025-12-01","notes":"Substitute day","bunting":true}]},
         "northern-ireland":{"division":"northern-ireland","events":[
          {"title":"St Patrick’s Day","date":"2025-03-17","notes":"","bunting":true}]}}
        """

    private func load(_ json: String, division: String = "england-and-wales") throws(WorkingDayCalendarError) -> WorkingDayCalendar {
        try WorkingDayCalendar(govUKBankHolidaysJSON: Array(json.utf8), division: division)
    }

    private func error(_ json: String, division: String = "england-and-wales") -> WorkingDayCalendarError? {
        do {
            _ = try load(json, division: division)
            return nil
        } catch {
            return error
        }
    }

    @Test("GOV.UK's JSON gives the chosen division's bank holidays, England and Wales by default")
    func importsDivision() throws {
        let englandAndWales = try WorkingDayCalendar(govUKBankHolidaysJSON: Array(Self.sample.utf8))
        #expect(englandAndWales.bankHolidays.map(\.description) == ["2025-01-01", "2025-12-25", "2025-12-26"])
        let scotland = try load(Self.sample, division: "scotland")
        // Thursday 2 January 2025 is a holiday in Scotland only.
        #expect(!scotland.isWorkingDay(CalendarDate("2025-01-02")!))
        #expect(englandAndWales.isWorkingDay(CalendarDate("2025-01-02")!))
        // Christmas 2025 from Wednesday 24 December: Mon 29 = 1 without the later holidays.
        #expect(englandAndWales.adding(workingDays: 1, to: CalendarDate("2025-12-24")!).description == "2025-12-29")
    }

    @Test("text that is not JSON is an invalidJSON error with the scanner's position")
    func malformedJSON() {
        func isInvalidJSON(_ json: String) -> Bool {
            if case .invalidJSON = error(json) { true } else { false }
        }
        // A trailing comma after the last event: the scanner stops at the "]" after it.
        let json = #"{"england-and-wales":{"events":[{"date":"2025-12-25"},]}}"#
        let bracket = json.utf8.firstIndex(of: UInt8(ascii: "]")).map { json.utf8.distance(from: json.utf8.startIndex, to: $0) }
        guard case .invalidJSON(let scannerError) = error(json) else {
            Issue.record("expected invalidJSON, got \(String(describing: error(json)))")
            return
        }
        #expect(scannerError.offset == bracket)
        #expect(isInvalidJSON(""))
        #expect(isInvalidJSON(Self.sample + "}"))
        #expect(isInvalidJSON(#"{"england-and-wales":{"events":[{"date":"2025-12-25"}]}"#))   // unclosed
    }

    @Test("a division that is not in the file is named, with the divisions that are")
    func divisionNotFound() {
        #expect(error(Self.sample, division: "wales")
            == .divisionNotFound(division: "wales", available: ["england-and-wales", "scotland", "northern-ireland"]))
    }

    @Test("a date that is not a real YYYY-MM-DD date is named by its path")
    func invalidDate() {
        let json = #"{"england-and-wales":{"events":[{"date":"2025-12-25"},{"title":"x","date":"2025-12-32"}]}}"#
        #expect(error(json) == .invalidDate(path: "england-and-wales.events[1].date", text: "2025-12-32"))
        #expect(error(json)?.description
            == #"bank holidays: england-and-wales.events[1].date should be a YYYY-MM-DD date, found "2025-12-32""#)
    }

    @Test("the wrong shape names the path, what was expected and what was found")
    func wrongShape() {
        #expect(error("[]") == .wrongType(path: "the top level", expected: "an object", found: "an array"))
        #expect(error(#"{"england-and-wales":{"events":{}}}"#)
            == .wrongType(path: "england-and-wales.events", expected: "an array", found: "an object"))
        #expect(error(#"{"england-and-wales":{"events":[{"date":20251225}]}}"#)
            == .wrongType(path: "england-and-wales.events[0].date", expected: "a string", found: "a number"))
        #expect(error(#"{"england-and-wales":{"events":[{"title":"Christmas Day"}]}}"#)
            == .missingMember(path: "england-and-wales.events[0]", member: "date"))
        #expect(error(#"{"england-and-wales":{"division":"england-and-wales"}}"#)
            == .missingMember(path: "england-and-wales", member: "events"))
    }

    @Test("a division without events is refused as the wrong file")
    func noEvents() {
        #expect(error(#"{"england-and-wales":{"events":[]}}"#) == .noBankHolidays(division: "england-and-wales"))
    }

    @Test("the holiday list is one YYYY-MM-DD per line in date order and reads back the same calendar")
    func listRoundTrip() throws {
        let list = WorkingDayCalendar.englandAndWales.bankHolidayList
        #expect(list.hasPrefix("2024-01-01\n2024-03-29\n2024-04-01\n"))
        #expect(list.hasSuffix("2027-12-27\n2027-12-28\n"))
        #expect(list.split(separator: "\n").count == 32)
        #expect(try WorkingDayCalendar(bankHolidayList: list) == .englandAndWales)
        let imported = try load(Self.sample, division: "scotland")
        #expect(try WorkingDayCalendar(bankHolidayList: imported.bankHolidayList) == imported)
        #expect(WorkingDayCalendar(bankHolidays: []).bankHolidayList == "")
    }

    @Test("reading a list accepts any order, repeats and CRLF, and names the first bad line")
    func listReading() throws {
        let calendar = try WorkingDayCalendar(bankHolidayList: "2025-12-26\r\n2025-12-25\r\n2025-12-26\r\n\r\n")
        #expect(calendar.bankHolidayList == "2025-12-25\n2025-12-26\n")
        #expect(throws: WorkingDayCalendarError.invalidListLine(line: 2, text: "Christmas Day")) {
            try WorkingDayCalendar(bankHolidayList: "2025-12-25\nChristmas Day\n2025-12-26\n")
        }
        #expect(throws: WorkingDayCalendarError.invalidListLine(line: 1, text: " 2025-12-25")) {
            try WorkingDayCalendar(bankHolidayList: " 2025-12-25\n")
        }
    }
}
