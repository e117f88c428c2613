import Casework
import Foundation
import EventLog
@testable import Projections
import Testing

/// Three organisations' stores, built by hand, exported and compared (DOMAIN.md §12).
///
/// Every complaint is received on Monday the 3rd (February or March 2025), acknowledged on
/// Tuesday the 4th (within the Code: due the 10th), and answered on Wednesday the 5th (within
/// the Code: due 10 working days after the 4th, the 18th) or on Friday the 28th (late).
///
///              homes  received  in time  upheld  escalated (stage 2)
///   A Feb       2000     5         5        0         0
///   A March     2000    10         9        5         0
///   B March     1000     8         6        6         5
///   C March      500    10         5        3         2
///
/// Nothing else happens, so every safeguarding and tenancy figure counts 0 and is withheld.
@Suite("Benchmark files and their comparison")
struct BenchmarkTests {
    static let ch01 = "complaints-performance:stage1.per1000Homes"
    static let ch02 = "complaints-performance:stage1.respondedWithinCodePercent"
    static let upheld = "complaints-performance:decisions.upheldPercent"
    static let escalation = "complaints-performance:escalation.ratePercent"
    static let triage = "safeguarding-learning:triage.withinTargetPercent"

    struct Month {
        let month: Int, received: Int, inTime: Int, upheld: Int, escalated: Int
    }

    /// A store with `months` of complaints as the table above describes, and `homes` set.
    static func store(homes: Int, _ months: [Month]) throws -> ProjectionFixture {
        let fixture = try ProjectionFixture()
        var lines = [ReportTest.line("subject.registered", "P-000001", #"{"kind":"person","name":"A"}"#, at: "2025-01-06T09:00:00Z")]
        var number = 0
        for month in months {
            let day = { (day: Int, hour: Int) in "2025-0\(month.month)-\(day < 10 ? "0" : "")\(day)T\(hour):00:00Z" }
            for index in 0..<month.received {
                number += 1
                let reference = "CMP-2025-" + String(repeating: "0", count: 6 - String(number).count) + String(number)
                lines.append(ReportTest.line("complaint.received", reference,
                                             #"{"complainant":"P-000001","categories":["repairs"],"summary":"s"}"#, at: day(3, 10)))
                lines.append(ReportTest.line("complaint.acknowledged", reference, #"{"stage":1}"#, at: day(4, 10)))
                let decision = index < month.upheld ? "upheld" : "not-upheld"
                lines.append(ReportTest.line("complaint.responded", reference, #"{"stage":1,"decision":"\#(decision)"}"#,
                                             at: index < month.inTime ? day(5, 10) : day(28, 10)))
                if index < month.escalated { lines.append(ReportTest.line("complaint.escalated", reference, at: day(28, 15))) }
            }
        }
        try fixture.record(lines)
        try OrganisationSettings.change(.homes, to: homes, in: fixture.store, actor: "test")
        return fixture
    }

    static func february() throws -> ReportPeriod { try ReportPeriod(from: "2025-02-01", to: "2025-02-28") }

    /// The store's benchmark file for `period`, as `CaseStore.benchmark` makes it, written and read back.
    static func export(_ fixture: ProjectionFixture, _ organisation: String, _ period: ReportPeriod) throws -> BenchmarkFile {
        let file = try fixture.store.read { reader in
            let head = try reader.head()
            return BenchmarkFile(organisation: organisation, period: period, head: head,
                                 results: try ReportKind.allCases.map { try $0.run(period: period, over: reader) })
        }
        let read = try BenchmarkFile(json: Array(file.json().utf8), file: organisation + ".json")
        #expect(read == file)
        return read
    }

    static func threeOrganisations() throws -> (files: [(name: String, file: BenchmarkFile)], heads: [LogHead]) {
        let a = try store(homes: 2000, [Month(month: 2, received: 5, inTime: 5, upheld: 0, escalated: 0),
                                        Month(month: 3, received: 10, inTime: 9, upheld: 5, escalated: 0)])
        let b = try store(homes: 1000, [Month(month: 3, received: 8, inTime: 6, upheld: 6, escalated: 5)])
        let c = try store(homes: 500, [Month(month: 3, received: 10, inTime: 5, upheld: 3, escalated: 2)])
        let march = try ReportTest.march()
        let files = [("a-march.json", try export(a, "A", march)), ("b.json", try export(b, "B", march)),
                     ("c.json", try export(c, "C", march)), ("a-february.json", try export(a, "A", try february()))]
        return (files, try [a, b, c].map { try $0.store.head() })
    }

    @Test("a file carries each figure's numerator and denominator, the store's head, and <5 for a count under 5")
    func exportedFile() throws {
        let (files, heads) = try Self.threeOrganisations()
        let a = files[0].file, c = files[2].file
        #expect(a.headPosition == heads[0].position && a.headDigest == heads[0].hash.description)
        #expect(a.entries.map(\.measure) == BenchmarkMeasure.headline.map(\.id))
        // A: 9 of 10 answered within the Code; 10 complaints for 2,000 homes is 5 per 1,000.
        #expect(a.entry(Self.ch02) == BenchmarkEntry(measure: Self.ch02, numerator: .count(9), denominator: .count(10), value: 90))
        #expect(a.entry(Self.ch01) == BenchmarkEntry(measure: Self.ch01, numerator: .count(10), denominator: .count(2000), value: 5))
        // A escalated none: 0 is under 5, so "<5" and no value. C upheld 3 of 10: the same.
        #expect(a.entry(Self.escalation) == BenchmarkEntry(measure: Self.escalation, numerator: .fewerThanFive, denominator: .count(10), value: nil))
        #expect(c.entry(Self.upheld) == BenchmarkEntry(measure: Self.upheld, numerator: .fewerThanFive, denominator: .count(10), value: nil))
        // Nothing safeguarding: 0 of 0.
        #expect(c.entry(Self.triage)?.isSuppressed == true && c.entry(Self.triage)?.value == nil)
        // A median has no numerator; its denominator is how many were measured.
        #expect(c.entry("safeguarding-learning:triage.medianHours")?.numerator == nil)
        let json = c.json()
        #expect(json.contains(#""numerator":"<5""#) && json.contains(#""schema":"caselog-benchmark","version":1"#))
        #expect(!json.contains("Black mould") && !json.contains("\"name\""))
    }

    @Test("compare: medians, quartiles, places and suppression, worked out by hand")
    func comparison() throws {
        let comparison = try BenchmarkComparison(try Self.threeOrganisations().files)
        let march = try ReportTest.march()
        #expect(comparison.organisations == ["A", "B", "C"])
        #expect(comparison.periods == [try Self.february(), march])

        // CH02: A 90, B 75 (6/8), C 50 (5/10); sorted 50, 75, 90. QUARTILE.INC with n = 3:
        // lower at h = 0.5: 50 + 0.5 × 25 = 62.5; median 75; upper at h = 1.5: 75 + 0.5 × 15 = 82.5.
        // Higher is better: A 1st, B 2nd, C 3rd.
        let ch02 = try #require(comparison.row(Self.ch02, in: march))
        #expect(ch02.lowerQuartile == 62.5 && ch02.median == 75 && ch02.upperQuartile == 82.5)
        #expect(ch02.standings.map(\.place) == [1, 2, 3])
        #expect(ch02.compared == 3 && ch02.suppressed == 0)

        // CH01: A 10/2000 → 5, B 8/1000 → 8, C 10/500 → 20; lower 5 + 0.5 × 3 = 6.5, median 8,
        // upper 8 + 0.5 × 12 = 14. Context: no places.
        let ch01 = try #require(comparison.row(Self.ch01, in: march))
        #expect(ch01.lowerQuartile == 6.5 && ch01.median == 8 && ch01.upperQuartile == 14)
        #expect(ch01.standings.map(\.place) == [nil, nil, nil])

        // Upheld: A 5/10 = 50, B 6/8 = 75, C 3 withheld. n = 2: lower at h = 0.25:
        // 50 + 0.25 × 25 = 56.25; median 62.5; upper at h = 0.75: 68.75.
        let upheld = try #require(comparison.row(Self.upheld, in: march))
        #expect(upheld.lowerQuartile == 56.25 && upheld.median == 62.5 && upheld.upperQuartile == 68.75)
        #expect(upheld.compared == 2 && upheld.suppressed == 1)

        // Escalation: A 0 and C 2 withheld; B 5/8 = 62.5, alone: every quartile 62.5, place 1.
        let escalation = try #require(comparison.row(Self.escalation, in: march))
        #expect(escalation.compared == 1 && escalation.suppressed == 2 && escalation.missing == 0)
        #expect(escalation.lowerQuartile == 62.5 && escalation.median == 62.5 && escalation.upperQuartile == 62.5)
        #expect(escalation.standings.map(\.place) == [nil, 1, nil])

        // Nothing safeguarding anywhere: nothing compared, all three withheld.
        let triage = try #require(comparison.row(Self.triage, in: march))
        #expect(triage.compared == 0 && triage.suppressed == 3 && triage.median == nil)

        // Trends: A 100 (5/5) in February, then 90; B gave no February file.
        #expect(comparison.trend(of: "A", Self.ch02) == [100, 90])
        #expect(comparison.trend(of: "B", Self.ch02) == [nil, 75])
        let february = try #require(comparison.row(Self.ch02, in: try Self.february()))
        #expect(february.standings.map(\.organisation) == ["A"] && february.median == 100)
    }

    @Test("the comparison's forms carry the same numbers")
    func forms() throws {
        let comparison = try BenchmarkComparison(try Self.threeOrganisations().files)
        let table = comparison.table()
        #expect(table.contains("62.5     75       82.5     90 (1)"), "\(table)")
        let trend = table.split(separator: "\n").last { $0.hasPrefix(Self.ch02 + " ") }
        let cells = trend?.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(cells == [Self.ch02, "100 → 90", "— → 75", "— → 50"], "\(table)")
        #expect(comparison.csv().contains("2025-03-01,2025-03-31,\(Self.upheld),lower-quartile,,56.25,,,\r\n"))
        #expect(comparison.csv().contains("2025-03-01,2025-03-31,\(Self.ch02),organisation,C,50,5,10,3\r\n"))
        let json = comparison.json()
        #expect(json.contains(#""lowerQuartile":62.5,"median":75.0,"upperQuartile":82.5"#), "\(json)")
        #expect(json.contains(#"{"organisation":"C","numerator":5,"denominator":10,"value":50.0,"suppressed":false,"place":3}"#))
        #expect(json.contains(#""trends":["#))
        let html = comparison.html()
        #expect(html.contains("<td class=\"stat\">75%</td>") && html.contains("<td class=\"n\">100 → 90</td>"))
    }

    @Test("quartiles by linear interpolation, as Excel's QUARTILE.INC")
    func quartiles() throws {
        // Excel: QUARTILE.INC({7,15,36,39,40,41}, 1) = 20.25 (h = 1.25: 15 + 0.25 × 21),
        // 2 = 37.5, 3 = 39.75 (h = 3.75: 39 + 0.75 × 1).
        let six = try #require(BenchmarkComparison.quartiles([41, 7, 39, 15, 40, 36]))
        #expect(six.lower == 20.25 && six.median == 37.5 && six.upper == 39.75)
        let four = try #require(BenchmarkComparison.quartiles([1, 2, 3, 4]))
        #expect(four.lower == 1.75 && four.median == 2.5 && four.upper == 3.25)
        let one = try #require(BenchmarkComparison.quartiles([8]))
        #expect(one.lower == 8 && one.median == 8 && one.upper == 8)
        #expect(BenchmarkComparison.quartiles([]) == nil)
    }

    @Test("places: 1 is the best by the figure's direction, ties share the better place")
    func places() {
        #expect(BenchmarkComparison.places([90, 75, 90, nil], direction: .higher) == [1, 3, 1, nil])
        #expect(BenchmarkComparison.places([90, 75, 90, nil], direction: .lower) == [2, 1, 2, nil])
        #expect(BenchmarkComparison.places([1, 2], direction: .context) == [nil, nil])
    }

    @Test("a file of another version, or malformed, is refused naming the file")
    func refusals() throws {
        let file = try #require(try Self.threeOrganisations().files.first?.file).json()
        let cases: [(String, String)] = [
            (file.replacingOccurrences(of: #""version":1"#, with: #""version":2"#), "x.json cannot be compared: it is of schema version 2"),
            ("not json", "x.json cannot be compared: it is not JSON"),
            ("{}", "x.json cannot be compared: it is not a benchmark file"),
            (file.replacingOccurrences(of: #""numerator":9,"#, with: #""numerator":3,"#), "\"numerator\" is under 5 and not written \"<5\""),
            (file.replacingOccurrences(of: "stage1.respondedWithinCodePercent", with: "stage1.made-up"), "is not one of schema version 1's"),
        ]
        for (text, words) in cases {
            #expect(throws: BenchmarkError.self) { try BenchmarkFile(json: Array(text.utf8), file: "x.json") }
            do {
                _ = try BenchmarkFile(json: Array(text.utf8), file: "x.json")
            } catch {
                #expect(error.description.contains(words), "\(error.description)")
            }
        }
        let files = try Self.threeOrganisations().files
        #expect(throws: BenchmarkError.twice(file: "again.json", other: "b.json", organisation: "B", period: try ReportTest.march())) {
            try BenchmarkComparison(files + [("again.json", files[1].file)])
        }
    }

    @Test("docs/BENCHMARK.md lists every figure of the schema, in order, with its direction")
    func documented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/BENCHMARK.md"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }.map { line in
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        #expect(rows.map { $0.first ?? "" } == BenchmarkMeasure.headline.map { "`\($0.id)`" })
        #expect(rows.map { $0.last ?? "" } == BenchmarkMeasure.headline.map { $0.direction == .context ? "context" : $0.direction == .higher ? "higher" : "lower" })
        #expect(text.contains("version 1") && BenchmarkFile.version == 1)
    }
}
