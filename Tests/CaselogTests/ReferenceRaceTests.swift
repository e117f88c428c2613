import Testing
import TestSupport

/// Reference allocation when caseworkers open cases at the same moment from separate
/// processes: LMDB has one writer at a time and the allocator reads inside the write, so no
/// two cases may get the same reference and no number may be skipped.
@Suite("Allocating references from concurrent processes", .serialized)
struct ReferenceRaceTests {
    /// The references `caselog record` printed ("CMP-2025-000007 version 1 position 8" lines).
    func references(in output: String) -> [String] {
        output.lines.compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    /// The numbers of `references`, which must all start with `prefix`.
    func serials(_ references: [String], prefix: String) -> [Int] {
        references.compactMap { reference in
            #expect(reference.hasPrefix(prefix), "\(reference)")
            return Int(reference.dropFirst(prefix.count))
        }
    }

    func registerSubject(_ cli: CLIFixture) {
        let line = #"{"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"Jane Example"}}"#
        let result = cli.run(["record", "--stdin"], input: line + "\n")
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test("`record --case P-999999` and `--case SG-2026-999999` leave every later allocation working")
    func highestReferencesTypedByHand() {
        let cli = CLIFixture()
        cli.initialise()
        var result = cli.run(["record", "subject.registered", "--case", "P-999999", "kind=person", "name=Typed By Hand"])
        #expect(result.status == 0, "\(result.standardError)")
        result = cli.run(["record", "subject.registered", "kind=person", "name=Next Person"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(references(in: result.standardOutput) == ["P-000001"])
        result = cli.run(["record", "safeguarding.concern-raised", "--case", "SG-2026-999999", "--occurred-at", "2026-03-02T09:00",
                          "subject=P-000001", "categories=self-neglect", "immediateRisk=false", "description=Typed by hand"])
        #expect(result.status == 0, "\(result.standardError)")
        result = cli.run(["record", "safeguarding.concern-raised", "--occurred-at", "2026-03-03T09:00",
                          "subject=P-000001", "categories=self-neglect", "immediateRisk=false", "description=The next concern"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(references(in: result.standardOutput) == ["SG-2026-000001"])
    }

    @Test("twenty `caselog record` processes opening complaints at once get CMP-2025-000001 … 000020")
    func concurrentRecords() {
        let cli = CLIFixture()
        cli.initialise()
        registerSubject(cli)
        let count = 20
        let children = (0..<count).map { index in
            cli.start(["record", "complaint.received", "--occurred-at", "2025-03-03T09:\(10 + index)",
                       "complainant=P-000001", "channel=email", "categories=repairs", "summary=Leak number \(index)"])
        }
        var allocated: [String] = []
        for child in children {
            let result = child.wait()
            #expect(result.status == 0, "\(result.standardError)")
            allocated += references(in: result.standardOutput)
        }
        #expect(allocated.count == count)
        #expect(Set(allocated).count == count, "\(allocated.sorted())")
        #expect(serials(allocated, prefix: "CMP-2025-").sorted() == Array(1...count))
        #expect(cli.digest().hasPrefix("\(count + 1) "))
    }

    @Test("two `record --stdin` batches of 20 opening lines started together get distinct references with no gap, five times over")
    func concurrentBatches() throws {
        let cli = CLIFixture()
        cli.initialise()
        registerSubject(cli)
        let perBatch = 20
        var allocated: [String] = []
        for round in 0..<5 {
            let paths = (0..<2).map { batch in
                let lines = (0..<perBatch).map { index in
                    #"{"type":"safeguarding.concern-raised","occurredAt":"2025-03-0\#(round + 3)T1\#(batch):\#(10 + index):00Z","#
                        + #""data":{"subject":"P-000001","categories":["self-neglect"],"immediateRisk":false,"#
                        + #""description":"Round \#(round) batch \#(batch) concern \#(index)"}}"#
                }
                return cli.file("round-\(round)-batch-\(batch).jsonl", lines.joined(separator: "\n") + "\n")
            }
            let children = paths.map { cli.start(["record", "--stdin"], inputPath: $0) }
            for child in children {
                let result = child.wait()
                #expect(result.status == 0, "round \(round): \(result.standardError)")
                let batch = references(in: result.standardOutput)
                #expect(batch.count == perBatch)
                // Each batch is one transaction: its references are consecutive.
                let numbers = serials(batch, prefix: "SG-2025-")
                let first = try #require(numbers.first, "round \(round): a batch allocated no SG-2025 reference")
                #expect(numbers == Array(first..<(first + perBatch)), "round \(round)")
                allocated += batch
            }
            #expect(serials(allocated, prefix: "SG-2025-").sorted() == Array(1...(2 * perBatch * (round + 1))), "round \(round)")
        }
        #expect(Set(allocated).count == 10 * perBatch)
    }
}
