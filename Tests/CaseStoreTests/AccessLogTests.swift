import CaseStore
import Casework
import Codec
import EventLog
import Testing
import TestSupport

/// The access log and the safeguarding lead's review (DOMAIN.md §9, §13; issue 22, items 4 and 5):
/// the `access.personal-read` events of the access stream, read back and filtered.
@Suite("Access log")
struct AccessLogTests {
    let scratch = TemporaryDirectory()

    func newStore() throws -> CaseStore {
        var options = CaseStore.Options()
        options.isDurable = false
        return try CaseStore.create(at: scratch.appending("store"), options: options).store
    }

    /// `2026-12-01T09:00:00Z` plus `seconds`.
    static func at(_ text: String, plus seconds: Int64 = 0) -> Timestamp {
        let base = Timestamp(iso8601: text)!
        return Timestamp(microseconds: base.microseconds + seconds * 1_000_000)
    }

    /// Appends `events` to the access stream in one write, as `writer.append` does for caselog's own.
    static func append(_ events: [ProposedEvent], to store: CaseStore) throws {
        try store.log.write(actor: "caselog") { writer in
            for event in events { try writer.append(event, to: AccessStream.name) }
        }
    }

    /// Four reads: two by a.khan (one naming P-000001), a break-glass read by b.lee, an export.
    func storeWithReads() throws -> CaseStore {
        let store = try newStore()
        try Self.append([
            AccessStream.personalReadEvent(user: "a.khan", subjects: ["P-000001", "P-000002"], cases: ["CMP-2025-000001"],
                                           purpose: "GET /v1/cases/{ref}", at: Self.at("2026-12-01T09:14:07Z")),
            AccessStream.personalReadEvent(user: "b.lee", subjects: ["P-000003"], cases: ["SG-2025-000001"], purpose: "case",
                                           breakGlass: true, reason: "Police called about Ms Example",
                                           at: Self.at("2026-12-01T10:00:00Z")),
            AccessStream.personalReadEvent(user: "admin", subjects: nil, purpose: "export", subjectCount: 1200, positions: 1...5000,
                                           at: Self.at("2026-12-02T08:00:00Z")),
            AccessStream.personalReadEvent(user: "a.khan", subjects: ["P-000002"], purpose: "chronology", onBehalfOf: "c.day",
                                           at: Self.at("2026-12-03T16:30:00Z")),
        ], to: store)
        return store
    }

    @Test("every personal read is listed, in log order, with its position, time, user, subjects, cases, purpose and break-glass")
    func listsEveryRead() throws {
        let store = try storeWithReads()
        let entries = try store.accessLog(AccessLogFilter()).entries
        #expect(entries.map(\.position) == [1, 2, 3, 4])
        #expect(entries.map(\.user) == ["a.khan", "b.lee", "admin", "a.khan"])
        let first = try #require(entries.first)
        #expect(first.recordedAt == Self.at("2026-12-01T09:14:07Z"))
        #expect(first.subjects == ["P-000001", "P-000002"])
        #expect(first.cases == ["CMP-2025-000001"])
        #expect(first.purpose == "GET /v1/cases/{ref}")
        #expect(!first.isBreakGlass && !first.isBulk && first.subjectCount == 2)
        #expect(entries[1].isBreakGlass)
        #expect(entries[3].onBehalfOf == "c.day")
        let export = entries[2]
        #expect(export.isBulk && export.subjects == nil && export.subjectCount == 1200 && export.positions == 1...5000)
    }

    @Test("other access events and the events of cases are not reads")
    func onlyPersonalReads() throws {
        let store = try storeWithReads()
        _ = try store.issueToken(to: "a.khan", actor: "owner")
        try Self.append([AccessStream.unusualDetectedEvent(user: "a.khan", rule: "outside-team", subjects: 1,
                                                           at: Self.at("2026-12-04T09:00:00Z"))], to: store)
        #expect(try store.accessLog(AccessLogFilter()).entries.count == 4)
    }

    @Test("a subject's reads are those that name it, and every bulk read, which is shown as bulk")
    func bySubject() throws {
        let store = try storeWithReads()
        let second = try store.accessLog(AccessLogFilter(subject: "P-000002")).entries
        #expect(second.map(\.position) == [1, 3, 4])
        #expect(second.map(\.isBulk) == [false, true, false])
        #expect(try store.accessLog(AccessLogFilter(subject: "P-000003")).entries.map(\.position) == [2, 3])
        #expect(try store.accessLog(AccessLogFilter(subject: "P-000099")).entries.map(\.position) == [3])
        let table = String(decoding: try store.accessLog(AccessLogFilter(subject: "P-000099")).printout(.table).output, as: UTF8.self)
        #expect(table.contains("all (bulk read of 1,200 subjects, positions 1 to 5,000)"), "\(table)")
    }

    @Test("a user's reads are theirs only")
    func byUser() throws {
        let store = try storeWithReads()
        #expect(try store.accessLog(AccessLogFilter(user: "a.khan")).entries.map(\.position) == [1, 4])
        #expect(try store.accessLog(AccessLogFilter(user: "nobody")).entries.isEmpty)
        #expect(try store.accessLog(AccessLogFilter(subject: "P-000002", user: "admin")).entries.map(\.position) == [3])
    }

    @Test("--from and --to are days of recordedAt in UTC, both included")
    func byDates() throws {
        let store = try newStore()
        let times = ["2026-12-01T23:59:59.999999Z", "2026-12-02T00:00:00Z", "2026-12-03T23:59:59.999999Z", "2026-12-04T00:00:00Z"]
        try Self.append(times.map { AccessStream.personalReadEvent(user: "a", subjects: ["P-000001"], purpose: "case", at: Self.at($0)) },
                        to: store)
        let period = try AccessPeriod(from: CalendarDate("2026-12-02"), to: CalendarDate("2026-12-03"))
        #expect(try store.accessLog(AccessLogFilter(period: period)).entries.map(\.position) == [2, 3])
        #expect(try store.accessLog(AccessLogFilter(period: AccessPeriod(from: CalendarDate("2026-12-03")))).entries.map(\.position) == [3, 4])
        #expect(try store.accessLog(AccessLogFilter(period: AccessPeriod(to: CalendarDate("2026-12-01")))).entries.map(\.position) == [1])
        #expect(try store.accessLog(AccessLogFilter(period: AccessPeriod(fromText: "2026-12-04", toText: "2026-12-04"))).entries.map(\.position) == [4])
    }

    @Test("a break-glass reason is read only when personal fields are included, in every form")
    func reasonOnlyWhenAsked() throws {
        let store = try storeWithReads()
        let withheld = try store.accessLog(AccessLogFilter())
        #expect(withheld.entries.allSatisfy { $0.reason == nil })
        for format in AccessLogEntries.formats {
            let printout = withheld.printout(format)
            let text = String(decoding: printout.output, as: UTF8.self) + printout.notes.joined()
            #expect(!text.contains("Police") && !text.contains("Example"), "\(format): \(text)")
        }
        #expect(withheld.printout(.table).notes.contains { $0.contains("--include-personal") })
        let shown = try store.accessLog(AccessLogFilter(includesPersonal: true))
        #expect(shown.entries[1].reason == "Police called about Ms Example")
        #expect(shown.entries[0].reason == nil)
        for format in AccessLogEntries.formats {
            #expect(String(decoding: shown.printout(format).output, as: UTF8.self).contains("Police called about Ms Example"), "\(format)")
        }
    }

    @Test("the table has aligned columns under a heading, one read a line")
    func table() throws {
        let store = try storeWithReads()
        let printout = try store.accessLog(AccessLogFilter(user: "a.khan")).printout(.table)
        let lines = String(decoding: printout.output, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines == [
            "position  recorded (UTC)       user              purpose              subjects           cases            break-glass",
            "1         2026-12-01 09:14:07  a.khan            GET /v1/cases/{ref}  P-000001 P-000002  CMP-2025-000001  no",
            "4         2026-12-03 16:30:00  a.khan for c.day  chronology           P-000002                            no",
        ])
        #expect(printout.notes == ["2 reads"])
    }

    @Test("a read of many subjects shows the first three in the table and the rest as a count")
    func manySubjects() throws {
        let store = try newStore()
        let subjects = (1...8).map { "P-00000\($0)" }
        try Self.append([AccessStream.personalReadEvent(user: "a", subjects: subjects, purpose: "cases", at: Self.at("2026-12-01T09:00:00Z"))],
                        to: store)
        let log = try store.accessLog(AccessLogFilter())
        #expect(String(decoding: log.printout(.table).output, as: UTF8.self).contains("P-000001 P-000002 P-000003 and 5 more"))
        #expect(String(decoding: log.printout(.csv).output, as: UTF8.self).contains(subjects.joined(separator: " ")))
    }

    @Test("CSV has a heading row, one row per read, quoted as every caselog CSV is")
    func csv() throws {
        let store = try newStore()
        try Self.append([
            AccessStream.personalReadEvent(user: "a.khan", subjects: ["P-000001", "P-000002"], cases: ["CMP-2025-000001"],
                                           purpose: "GET /v1/cases?state=open,closed", at: Self.at("2026-12-01T09:14:07Z")),
            AccessStream.personalReadEvent(user: "admin", subjects: nil, purpose: "export", subjectCount: 3, positions: 1...9,
                                           at: Self.at("2026-12-02T08:00:00Z")),
        ], to: store)
        let text = String(decoding: try store.accessLog(AccessLogFilter()).printout(.csv).output, as: UTF8.self)
        #expect(text == "position,recordedAt,user,onBehalfOf,purpose,breakGlass,bulk,subjects,subjectCount,cases,fromPosition,throughPosition\r\n"
            + "1,2026-12-01T09:14:07Z,a.khan,,\"GET /v1/cases?state=open,closed\",false,false,P-000001 P-000002,2,CMP-2025-000001,,\r\n"
            + "2,2026-12-02T08:00:00Z,admin,,export,false,true,,3,,1,9\r\n")
        let personal = String(decoding: try store.accessLog(AccessLogFilter(includesPersonal: true)).printout(.csv).output, as: UTF8.self)
        #expect(personal.hasPrefix("position,recordedAt,user,onBehalfOf,purpose,breakGlass,bulk,subjects,subjectCount,cases,fromPosition,throughPosition,reason\r\n"))
    }

    @Test("JSON names the filter and gives each read; reason is a key only when personal fields are included")
    func json() throws {
        let store = try storeWithReads()
        let bytes = try store.accessLog(AccessLogFilter(subject: "P-000003")).printout(.json).output
        let value = try bytes.withUnsafeBytes { try CBORValue(json: $0) }
        guard case .map(let object) = value, case .array(let reads) = object["reads"] else {
            Issue.record("not an object with reads: \(String(decoding: bytes, as: UTF8.self))")
            return
        }
        #expect(object["subject"] == .text("P-000003"))
        #expect(object["includesPersonal"] == .bool(false))
        #expect(reads.count == 2)
        #expect(reads.first == .map([
            "position": .integer(2), "recordedAt": .text("2026-12-01T10:00:00Z"), "user": .text("b.lee"), "onBehalfOf": .null,
            "purpose": .text("case"), "breakGlass": .bool(true), "bulk": .bool(false), "subjects": .array([.text("P-000003")]),
            "subjectCount": .integer(1), "cases": .array([.text("SG-2025-000001")]), "fromPosition": .null, "throughPosition": .null,
        ]))
        let withReason = try store.accessLog(AccessLogFilter(subject: "P-000003", includesPersonal: true)).printout(.json).output
        guard case .map(let shown) = try withReason.withUnsafeBytes({ try CBORValue(json: $0) }), case .array(let shownReads) = shown["reads"],
              case .map(let read) = shownReads.first
        else { Issue.record("not an object with reads"); return }
        #expect(read["reason"] == .text("Police called about Ms Example"))
    }

    @Test("a filter that is not one is a usage error naming the option (exit 64)")
    func badFilters() throws {
        for subject in ["CMP-2025-000001", "P-12", "", "p-000001"] {
            #expect { try AccessLogFilter(subject: subject) } throws: { error in
                CaselogError(error).kind == .usage && CaselogError(error).message.contains("--subject")
            }
        }
        #expect { try AccessLogFilter(user: "two words") } throws: { CaselogError($0).kind == .usage }
        for (from, to) in [("2026-13-01", nil), ("yesterday", nil), (nil, "2026-02-30"), ("2026-12-05", "2026-12-01")] as [(String?, String?)] {
            #expect { try AccessPeriod(fromText: from, toText: to) } throws: { error in
                let failure = CaselogError(error)
                return failure.kind == .usage && (failure.message.contains("--from") || failure.message.contains("--to"))
            }
        }
    }
}

/// The safeguarding lead's review: break-glass reads, busy hours, and unusual access recorded.
@Suite("Access review")
struct AccessReviewTests {
    let scratch = TemporaryDirectory()

    func newStore() throws -> CaseStore {
        var options = CaseStore.Options()
        options.isDurable = false
        return try CaseStore.create(at: scratch.appending("store"), options: options).store
    }

    static func subjects(_ range: ClosedRange<Int>) -> [String] {
        range.map { number in "P-" + String(repeating: "0", count: 6 - String(number).count) + String(number) }
    }

    @Test("every break-glass read is listed, with the reason only when personal fields are included")
    func breakGlass() throws {
        let store = try newStore()
        try AccessLogTests.append([
            AccessStream.personalReadEvent(user: "a.khan", subjects: ["P-000001"], purpose: "case", at: AccessLogTests.at("2026-12-01T09:00:00Z")),
            AccessStream.personalReadEvent(user: "b.lee", subjects: ["P-000003"], cases: ["SG-2025-000001"], purpose: "case",
                                           breakGlass: true, reason: "Police called about Ms Example", at: AccessLogTests.at("2026-12-01T10:00:00Z")),
        ], to: store)
        let review = try store.accessReview()
        #expect(review.breakGlassReads.map(\.position) == [2])
        #expect(review.breakGlassReads.first?.subjects == ["P-000003"])
        #expect(review.breakGlassReads.first?.reason == nil)
        for format in AccessReview.formats {
            let text = String(decoding: review.printout(format).output, as: UTF8.self)
            #expect(text.contains("b.lee") && !text.contains("Police"), "\(format): \(text)")
        }
        let shown = try store.accessReview(includingPersonal: true)
        #expect(shown.breakGlassReads.first?.reason == "Police called about Ms Example")
        for format in AccessReview.formats {
            #expect(String(decoding: shown.printout(format).output, as: UTF8.self).contains("Police called about Ms Example"), "\(format)")
        }
    }

    @Test("N distinct subjects within an hour is not listed; N+1 is, and an hour apart is not within an hour")
    func subjectsPerHour() throws {
        let store = try newStore()
        let nine = AccessLogTests.at("2026-12-01T09:00:00Z")
        try AccessLogTests.append([
            // 50 (the default N): one read of 50, and one of a subject already read.
            AccessStream.personalReadEvent(user: "at.fifty", subjects: Self.subjects(1...50), purpose: "cases", at: nine),
            AccessStream.personalReadEvent(user: "at.fifty", subjects: ["P-000001"], purpose: "case", at: AccessLogTests.at("2026-12-01T09:30:00Z")),
            // 51: the last a second under the hour after the first.
            AccessStream.personalReadEvent(user: "over.fifty", subjects: Self.subjects(1...50), purpose: "cases", at: nine),
            AccessStream.personalReadEvent(user: "over.fifty", subjects: ["P-000051"], purpose: "case", at: AccessLogTests.at("2026-12-01T09:59:59Z")),
            // 51, but the last an hour after the first.
            AccessStream.personalReadEvent(user: "hour.apart", subjects: Self.subjects(1...50), purpose: "cases", at: nine),
            AccessStream.personalReadEvent(user: "hour.apart", subjects: ["P-000051"], purpose: "case", at: AccessLogTests.at("2026-12-01T10:00:00Z")),
        ], to: store)
        let review = try store.accessReview()
        #expect(review.subjectsPerHour == 50)
        #expect(review.busyHours == [AccessReview.BusyHour(user: "over.fifty", from: nine, through: AccessLogTests.at("2026-12-01T09:59:59Z"),
                                                           subjects: 51, reads: 2)])
        let table = String(decoding: review.printout(.table).output, as: UTF8.self)
        #expect(table.contains("more than 50 subjects within an hour"), "\(table)")
        #expect(table.contains("over.fifty") && !table.contains("at.fifty") && !table.contains("hour.apart"), "\(table)")
    }

    @Test("N is the setting access.unusual-subjects-per-hour in force")
    func settingN() throws {
        let store = try newStore()
        _ = try OrganisationSettings.change(.accessUnusualSubjectsPerHour, to: 3, in: store.log, actor: "owner")
        let nine = AccessLogTests.at("2026-12-01T09:00:00Z")
        try AccessLogTests.append([
            AccessStream.personalReadEvent(user: "three", subjects: Self.subjects(1...3), purpose: "cases", at: nine),
            AccessStream.personalReadEvent(user: "four", subjects: Self.subjects(1...2), purpose: "cases", at: nine),
            AccessStream.personalReadEvent(user: "four", subjects: Self.subjects(3...4), purpose: "cases", at: AccessLogTests.at("2026-12-01T09:10:00Z")),
        ], to: store)
        let review = try store.accessReview()
        #expect(review.subjectsPerHour == 3)
        #expect(review.busyHours.map(\.user) == ["four"])
        #expect(review.busyHours.first?.subjects == 4)
    }

    @Test("a bulk read counts its subjects towards the hour")
    func bulkCounts() throws {
        let store = try newStore()
        try AccessLogTests.append([
            AccessStream.personalReadEvent(user: "admin", subjects: nil, purpose: "export", subjectCount: 51, positions: 1...400,
                                           at: AccessLogTests.at("2026-12-01T09:00:00Z")),
            AccessStream.personalReadEvent(user: "small", subjects: nil, purpose: "export", subjectCount: 50, positions: 1...400,
                                           at: AccessLogTests.at("2026-12-01T09:00:00Z")),
        ], to: store)
        #expect(try store.accessReview().busyHours.map(\.user) == ["admin"])
    }

    @Test("unusual access recorded as access.unusual-detected is listed; the period limits every list")
    func detectedAndPeriod() throws {
        let store = try newStore()
        try AccessLogTests.append([
            AccessStream.unusualDetectedEvent(user: "a.khan", rule: "outside-team", subjects: 1, at: AccessLogTests.at("2026-12-01T09:00:00Z")),
            AccessStream.personalReadEvent(user: "b.lee", subjects: ["P-000003"], purpose: "case", breakGlass: true,
                                           at: AccessLogTests.at("2026-12-02T10:00:00Z")),
            AccessStream.unusualDetectedEvent(user: "c.day", rule: "subjects-per-hour", subjects: 60, at: AccessLogTests.at("2026-12-03T09:00:00Z")),
        ], to: store)
        let all = try store.accessReview()
        #expect(all.detected == [
            AccessReview.Detected(position: 1, recordedAt: AccessLogTests.at("2026-12-01T09:00:00Z"), user: "a.khan", rule: "outside-team", subjects: 1),
            AccessReview.Detected(position: 3, recordedAt: AccessLogTests.at("2026-12-03T09:00:00Z"), user: "c.day", rule: "subjects-per-hour", subjects: 60),
        ])
        let second = try store.accessReview(AccessPeriod(fromText: "2026-12-02", toText: "2026-12-02"))
        #expect(second.detected.isEmpty && second.breakGlassReads.map(\.position) == [2])
        let third = try store.accessReview(AccessPeriod(fromText: "2026-12-03", toText: nil))
        #expect(third.detected.map(\.user) == ["c.day"] && third.breakGlassReads.isEmpty)
        let csv = String(decoding: all.printout(.csv).output, as: UTF8.self)
        #expect(csv.contains("recorded-unusual,a.khan,2026-12-01T09:00:00Z,,outside-team,"), "\(csv)")
        #expect(csv.contains("break-glass,b.lee,2026-12-02T10:00:00Z,"), "\(csv)")
    }

    @Test("the review's JSON gives N, the break-glass reads, the busy hours and what was recorded as unusual")
    func json() throws {
        let store = try newStore()
        try AccessLogTests.append([
            AccessStream.personalReadEvent(user: "b.lee", subjects: ["P-000003"], purpose: "case", breakGlass: true,
                                           at: AccessLogTests.at("2026-12-02T10:00:00Z")),
        ], to: store)
        let bytes = try store.accessReview().printout(.json).output
        guard case .map(let object) = try bytes.withUnsafeBytes({ try CBORValue(json: $0) }) else {
            Issue.record("not an object"); return
        }
        #expect(object["subjectsPerHour"] == .integer(50))
        #expect(object["from"] == .null && object["to"] == .null)
        #expect(object["busyHours"] == .array([]) && object["detected"] == .array([]))
        guard case .array(let reads) = object["breakGlass"] else { Issue.record("no breakGlass"); return }
        #expect(reads.count == 1)
    }

    @Test("an empty review says so in each section")
    func empty() throws {
        let review = try newStore().accessReview()
        let table = String(decoding: review.printout(.table).output, as: UTF8.self)
        #expect(table.contains("Break-glass reads: none"), "\(table)")
        #expect(review.busyHours.isEmpty && review.detected.isEmpty && review.breakGlassReads.isEmpty)
    }
}
