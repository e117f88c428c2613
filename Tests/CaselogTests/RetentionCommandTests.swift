import Foundation
import CaseStore
import Testing
import TestSupport

/// `caselog retention run --dry-run` (DOMAIN.md §8, §13) against a hand-worked example, judged
/// as of 2026-06-01 under the default settings:
///
/// | subject | cases | kept to | due? |
/// |---|---|---|---|
/// | P-000001 | CMP-2019-000001 closed 2019-05-01 | +6 years: 2025-05-01 | due |
/// | P-000002 | CMP-2021-000001 closed 2021-03-01 | +6 years: 2027-03-01 | not yet |
/// | P-000003 | CMP-2018-000001 closed 2018-04-01, CMP-2026-000001 open | never while open | held |
/// | P-000004 | SG-2015-000001 (adult) closed 2015-02-01 | +10 years: 2025-02-01 | due |
/// | P-000005 | SG-2015-000002 (born 2006-03-15: 8 then, 20 now) closed 2015-03-01 | 25th birthday: 2031-03-15 | not yet |
/// | P-000006 | none; registered 2023-05-01 | +2 years: 2025-05-01 | due |
/// | P-000007 | none; registered 2025-05-01 | +2 years: 2027-05-01 | not yet |
@Suite("retention")
struct RetentionCommandTests {
    static let lines = """
        {"type":"subject.registered","case":"P-000001","occurredAt":"2014-01-01T09:00:00Z","data":{"kind":"person","name":"Ann Example"}}
        {"type":"subject.registered","case":"P-000002","occurredAt":"2014-01-01T09:01:00Z","data":{"kind":"person","name":"Ben Example"}}
        {"type":"subject.registered","case":"P-000003","occurredAt":"2014-01-01T09:02:00Z","data":{"kind":"person","name":"Cat Example"}}
        {"type":"subject.registered","case":"P-000004","occurredAt":"2014-01-01T09:03:00Z","data":{"kind":"person","name":"Dan Example","dateOfBirth":"1970-01-01"}}
        {"type":"subject.registered","case":"P-000005","occurredAt":"2014-01-01T09:04:00Z","data":{"kind":"person","name":"Eve Example","dateOfBirth":"2006-03-15"}}
        {"type":"subject.registered","case":"P-000006","occurredAt":"2023-05-01T09:00:00Z","data":{"kind":"person","name":"Fay Example"}}
        {"type":"subject.registered","case":"P-000007","occurredAt":"2025-05-01T09:00:00Z","data":{"kind":"person","name":"Gus Example"}}
        {"type":"complaint.received","case":"CMP-2019-000001","occurredAt":"2019-03-01T09:00:00Z","data":{"complainant":"P-000001","channel":"email","categories":["repairs"],"summary":"s"}}
        {"type":"complaint.withdrawn","case":"CMP-2019-000001","occurredAt":"2019-05-01T09:00:00Z","data":{}}
        {"type":"complaint.received","case":"CMP-2021-000001","occurredAt":"2021-01-10T09:00:00Z","data":{"complainant":"P-000002","channel":"email","categories":["repairs"],"summary":"s"}}
        {"type":"complaint.withdrawn","case":"CMP-2021-000001","occurredAt":"2021-03-01T09:00:00Z","data":{}}
        {"type":"complaint.received","case":"CMP-2018-000001","occurredAt":"2018-02-01T09:00:00Z","data":{"complainant":"P-000003","channel":"email","categories":["repairs"],"summary":"s"}}
        {"type":"complaint.withdrawn","case":"CMP-2018-000001","occurredAt":"2018-04-01T09:00:00Z","data":{}}
        {"type":"complaint.received","case":"CMP-2026-000001","occurredAt":"2026-01-05T09:00:00Z","data":{"complainant":"P-000003","channel":"email","categories":["repairs"],"summary":"s"}}
        {"type":"safeguarding.concern-raised","case":"SG-2015-000001","occurredAt":"2015-01-10T09:00:00Z","data":{"subject":"P-000004","categories":["financial-material"],"immediateRisk":false,"description":"d"}}
        {"type":"safeguarding.triaged","case":"SG-2015-000001","occurredAt":"2015-01-11T09:00:00Z","data":{"riskLevel":"low","decision":"internal-support","rationale":"r"}}
        {"type":"safeguarding.closed","case":"SG-2015-000001","occurredAt":"2015-02-01T09:00:00Z","data":{"outcome":"risk-removed","msp":"not-asked"}}
        {"type":"safeguarding.concern-raised","case":"SG-2015-000002","occurredAt":"2015-01-12T09:00:00Z","data":{"subject":"P-000005","categories":["neglect-omission"],"immediateRisk":false,"description":"d"}}
        {"type":"safeguarding.triaged","case":"SG-2015-000002","occurredAt":"2015-01-13T09:00:00Z","data":{"riskLevel":"low","decision":"internal-support","rationale":"r"}}
        {"type":"safeguarding.closed","case":"SG-2015-000002","occurredAt":"2015-03-01T09:00:00Z","data":{"outcome":"risk-removed","msp":"not-asked"}}

        """

    func fixture() -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        let recorded = cli.run(["record", "--stdin"], input: Self.lines)
        #expect(recorded.status == 0, "\(recorded.standardError)")
        return cli
    }

    /// The CSV rows of the subjects due as of 2026-06-01 (header dropped).
    func dueRows(_ cli: CLIFixture) -> [String] {
        let result = cli.run(["retention", "run", "--dry-run", "--as-of", "2026-06-01", "--format", "csv"])
        #expect(result.status == 0, "\(result.standardError)")
        return result.standardOutput.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
    }

    @Test("the dry run lists exactly the subjects due, on the dates worked by hand, with their reasons")
    func handWorked() throws {
        let cli = fixture()
        let rows = dueRows(cli)
        #expect(rows.map { $0.components(separatedBy: ",").prefix(2).joined(separator: ",") }
                == ["P-000004,2025-02-01", "P-000001,2025-05-01", "P-000006,2025-05-01"], "\(rows)")
        #expect(rows.contains { $0.contains("every case closed: CMP-2019-000001 closed 2019-05-01, kept 6 years to 2025-05-01") })
        #expect(rows.contains { $0.contains("every case closed: SG-2015-000001 closed 2015-02-01, kept 10 years to 2025-02-01") })
        #expect(rows.contains { $0.contains("no case names it: registered 2023-05-01, kept 2 years to 2025-05-01") })
    }

    @Test("those not yet due have their date: the child's concern until the 25th birthday; the open case holds its subject")
    func notYetDue() throws {
        let cli = fixture()
        let result = cli.run(["retention", "run", "--dry-run", "--as-of", "2026-06-01", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let later = try #require(object["notYetDue"] as? [[String: Any]])
        let dates = Dictionary(uniqueKeysWithValues: later.map { ($0["subject"] as? String ?? "", $0["dueOn"] as? String ?? "held") })
        #expect(dates == ["P-000002": "2027-03-01", "P-000005": "2031-03-15", "P-000007": "2027-05-01", "P-000003": "held"])
        let held = try #require(later.first { $0["subject"] as? String == "P-000003" })
        #expect((held["reason"] as? String)?.contains("CMP-2026-000001 is open") == true)
        // No date of birth is printed.
        #expect(!result.standardOutput.contains("2006-03-15") && !result.standardOutput.contains("1970-01-01"))
    }

    @Test("the settings in force decide: a longer complaint retention and a lower child age change who is due")
    func settingsChangeTheAnswer() throws {
        let cli = fixture()
        #expect(cli.run(["config", "set", "retention.complaint-years", "8"]).status == 0)
        #expect(cli.run(["config", "set", "retention.safeguarding-child-until-age", "18"]).status == 0)
        #expect(cli.run(["config", "set", "retention.subject-without-case-years", "1"]).status == 0)
        let rows = dueRows(cli)
        // P-000001 now to 2027-05-01; P-000005 to 10 years after closure (her 18th birthday, 2024-03-15, is earlier);
        // P-000007 registered 2025-05-01, now kept 1 year.
        #expect(rows.map { $0.components(separatedBy: ",").prefix(2).joined(separator: ",") }
                == ["P-000006,2024-05-01", "P-000004,2025-02-01", "P-000005,2025-03-01", "P-000007,2026-05-01"], "\(rows)")
    }

    @Test("an open tenancy case of a household holds its members back; a panel review of a due subject's concern holds nobody")
    func householdAndReview() throws {
        let cli = fixture()
        let more = """
            {"type":"subject.registered","case":"P-000008","occurredAt":"2025-06-01T09:00:00Z","data":{"kind":"household","name":"Gus household","householdMembers":["P-000007","P-000006"]}}
            {"type":"tenancy.referral-received","case":"TS-2025-000001","occurredAt":"2025-06-02T09:00:00Z","data":{"household":"P-000008","tenancyRef":"T-1","reasons":["hoarding"]}}
            {"type":"review.opened","case":"PR-2025-0001","occurredAt":"2025-06-03T09:00:00Z","data":{"incidents":["SG-2015-000001"],"trigger":"near-miss"}}

            """
        let recorded = cli.run(["record", "--stdin"], input: more)
        #expect(recorded.status == 0, "\(recorded.standardError)")
        // P-000006 (no case of its own) is now named by the household's open case; P-000004 stays due despite the open review.
        #expect(dueRows(cli).map { $0.components(separatedBy: ",").prefix(2).joined(separator: ",") }
                == ["P-000004,2025-02-01", "P-000001,2025-05-01"])
    }

    @Test("a retention setting out of its range is refused, naming the range, and writes nothing")
    func invalidSettings() throws {
        let cli = fixture()
        let before = cli.digest()
        for (name, value) in [("retention.complaint-years", "0"), ("retention.tenancy-years", "six"),
                              ("retention.safeguarding-child-until-age", "17"), ("retention.subject-without-case-years", "1000"),
                              ("retention.safeguarding-adult-years", "101")] {
            let result = cli.run(["config", "set", name, value])
            #expect(result.status == 64 && result.standardError.contains(name) && result.standardError.contains(" to "),
                    "\(name) \(value): \(result.status) \(result.standardError)")
        }
        #expect(cli.digest() == before)
    }

    @Test("the dry run's read of dates of birth is logged, purpose retention, naming the concerns' subjects")
    func logged() throws {
        let cli = fixture()
        #expect(cli.run(["retention", "run", "--dry-run", "--as-of", "2026-06-01"]).status == 0)
        let log = cli.run(["access-log", "--format", "csv"])
        let rows = log.standardOutput.split(separator: "\r\n").dropFirst()
        #expect(rows.count == 1 && rows.first?.contains(",retention,") == true && rows.first?.contains("P-000004 P-000005") == true,
                "\(log.standardOutput)")
    }

    @Test("without --dry-run it lists, then erases exactly the subjects due, each with subject.erased (reason retention); run again it erases nobody")
    func erasesTheDue() throws {
        let cli = fixture()
        let run = cli.run(["retention", "run", "--as-of", "2026-06-01", "--format", "csv"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("erased 3 of 3 subjects due"), "\(run.standardError)")
        for subject in ["P-000004", "P-000001", "P-000006"] {
            let file = cli.run(["case", subject, "--format", "json"]).standardOutput
            #expect(file.contains(#""type":"subject.erased""#) && file.contains(#""reason":"retention""#), "\(subject) \(file)")
        }
        for subject in ["P-000002", "P-000003", "P-000005"] {
            #expect(!cli.run(["case", subject, "--format", "json"]).standardOutput.contains("subject.erased"), "\(subject)")
        }
        #expect(cli.run(["verify"]).status == 0)
        let erasures = { cli.run(["export"]).standardOutput.components(separatedBy: #""type":"subject.erased""#).count - 1 }
        #expect(erasures() == 3)
        #expect(dueRows(cli).isEmpty)
        let again = cli.run(["retention", "run", "--as-of", "2026-06-01"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(erasures() == 3)
    }

    @Test("--server 64; a bad --as-of 64; on a store in clear, erasing is refused before anything is read or logged (64); none writes")
    func refusals() throws {
        let clear = CLIFixture()
        _ = try CaseStore.create(at: clear.store)
        #expect(clear.run(["record", "--stdin"], input: Self.lines).status == 0)
        let unchanged = clear.digest()
        let run = clear.run(["retention", "run", "--as-of", "2026-06-01"])
        #expect(run.status == 64 && run.standardError.contains("--dry-run") && run.standardOutput.isEmpty, "\(run.standardError)")
        #expect(clear.digest() == unchanged)
        let cli = fixture()
        let before = cli.digest()
        let server = cli.run(["retention", "run", "--dry-run", "--server", "http://127.0.0.1:9"])
        #expect(server.status == 64 && server.standardError.contains("--server"), "\(server.standardError)")
        let date = cli.run(["retention", "run", "--dry-run", "--as-of", "2026-13-01"])
        #expect(date.status == 64 && date.standardError.contains("--as-of"), "\(date.standardError)")
        #expect(cli.digest() == before)
    }
}
