import Codec
extension WorkingDayCalendar {
    /// The calendar of one division of GOV.UK's `bank-holidays.json`
    /// (https://www.gov.uk/bank-holidays.json):
    ///
    /// ```json
    /// {"england-and-wales": {"division": "england-and-wales",
    ///                        "events": [{"title": "Christmas Day", "date": "2025-12-25",
    ///                                    "notes": "", "bunting": true}, …]},
    ///  "scotland": {…}, "northern-ireland": {…}}
    /// ```
    ///
    /// `division` is a top-level key: `england-and-wales` (the default), `scotland` or
    /// `northern-ireland`. Only each event's `date` is read; other members are checked as JSON
    /// and ignored, so GOV.UK may add members without breaking the import.
    ///
    /// Fails with `.invalidJSON` when the bytes are not one JSON value, `.divisionNotFound`,
    /// `.wrongType` or `.missingMember` (with the path, e.g. `england-and-wales.events[3]`) when
    /// the shape is not GOV.UK's, `.invalidDate` for a date that is not a real `YYYY-MM-DD`, and
    /// `.noBankHolidays` when the division lists none. Costs one pass over the bytes (which are
    /// copied once when not contiguous) and one allocation per division name and date; no
    /// Foundation.
    public init(govUKBankHolidaysJSON json: some Collection<UInt8>, division: String = "england-and-wales")
        throws(WorkingDayCalendarError)
    {
        let read = json.withContiguousStorageIfAvailable { buffer in
            GovUKBankHolidaysReader.read(UnsafeRawBufferPointer(buffer), division: division)
        } ?? Array(json).withUnsafeBytes { buffer in
            GovUKBankHolidaysReader.read(buffer, division: division)
        }
        self.init(bankHolidays: try read.get())
    }
}

/// Reads GOV.UK's bank holiday JSON with the log's own `JSONScanner`, turning its errors and
/// every surprise in the shape into `WorkingDayCalendarError`s that name the path.
struct GovUKBankHolidaysReader {
    private var scanner: JSONScanner

    /// The dates of `division`'s events in `input`, in file order, or why there are none.
    static func read(_ input: UnsafeRawBufferPointer, division: String) -> Result<[CalendarDate], WorkingDayCalendarError> {
        var reader = GovUKBankHolidaysReader(scanner: JSONScanner(input))
        do {
            return .success(try reader.readFile(division: division))
        } catch {
            return .failure(error)
        }
    }

    private mutating func readFile(division: String) throws(WorkingDayCalendarError) -> [CalendarDate] {
        try beginObject(path: "the top level")
        var divisions: [String] = []
        var dates: [CalendarDate]?
        while let key = try nextKey() {
            divisions.append(key)
            if key == division && dates == nil {
                dates = try readDivision(path: key)
            } else {
                try json { (scanner: inout JSONScanner) throws(JSONError) in try scanner.skipValue() }
            }
        }
        try json { (scanner: inout JSONScanner) throws(JSONError) in try scanner.end() }
        guard let dates else { throw .divisionNotFound(division: division, available: divisions) }
        guard !dates.isEmpty else { throw .noBankHolidays(division: division) }
        return dates
    }

    private mutating func readDivision(path: String) throws(WorkingDayCalendarError) -> [CalendarDate] {
        try beginObject(path: path)
        var dates: [CalendarDate]?
        while let key = try nextKey() {
            if key == "events" {
                dates = try readEvents(path: path + ".events")
            } else {
                try json { (scanner: inout JSONScanner) throws(JSONError) in try scanner.skipValue() }
            }
        }
        guard let dates else { throw .missingMember(path: path, member: "events") }
        return dates
    }

    private mutating func readEvents(path: String) throws(WorkingDayCalendarError) -> [CalendarDate] {
        try expect(.array, "an array", path: path)
        try json { (scanner: inout JSONScanner) throws(JSONError) in try scanner.beginArray() }
        var dates: [CalendarDate] = []
        while try json({ (scanner: inout JSONScanner) throws(JSONError) in try scanner.nextElement() }) {
            dates.append(try readEvent(path: "\(path)[\(dates.count)]"))
        }
        return dates
    }

    private mutating func readEvent(path: String) throws(WorkingDayCalendarError) -> CalendarDate {
        try beginObject(path: path)
        var date: CalendarDate?
        while let key = try nextKey() {
            if key == "date" {
                try expect(.string, "a string", path: path + ".date")
                let text = try json { (scanner: inout JSONScanner) throws(JSONError) in try scanner.readString() }
                guard let parsed = CalendarDate(text) else {
                    throw .invalidDate(path: path + ".date", text: WorkingDayCalendarError.excerpt(text))
                }
                date = parsed
            } else {
                try json { (scanner: inout JSONScanner) throws(JSONError) in try scanner.skipValue() }
            }
        }
        guard let date else { throw .missingMember(path: path, member: "date") }
        return date
    }

    // MARK: Scanner calls, with their errors translated

    private mutating func beginObject(path: String) throws(WorkingDayCalendarError) {
        try expect(.object, "an object", path: path)
        try json { (scanner: inout JSONScanner) throws(JSONError) in try scanner.beginObject() }
    }

    private mutating func nextKey() throws(WorkingDayCalendarError) -> String? {
        try json { (scanner: inout JSONScanner) throws(JSONError) in
            try scanner.nextKey().map { String(decoding: $0, as: UTF8.self) }
        }
    }

    private mutating func expect(_ kind: JSONScanner.Kind, _ expected: String, path: String) throws(WorkingDayCalendarError) {
        let found = try json { (scanner: inout JSONScanner) throws(JSONError) in try scanner.peekKind() }
        guard found == kind else { throw .wrongType(path: path, expected: expected, found: Self.name(of: found)) }
    }

    private mutating func json<Value>(_ body: (inout JSONScanner) throws(JSONError) -> Value) throws(WorkingDayCalendarError) -> Value {
        do {
            return try body(&scanner)
        } catch {
            throw .invalidJSON(error)
        }
    }

    private static func name(of kind: JSONScanner.Kind) -> String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }
}
