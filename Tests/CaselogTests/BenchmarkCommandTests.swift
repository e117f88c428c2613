import Foundation
import Testing
import TestSupport

/// `caselog benchmark export` and `compare`, run as three organisations run them.
@Suite("Benchmarking from the command line")
struct BenchmarkCommandTests {
    /// A store at `name` with `homes` set and `received` complaints received Monday 3 March 2025,
    /// acknowledged on the 4th; the first `inTime` answered on the 5th (within the Code), the
    /// rest on the 28th (late: due the 18th).
    private func organisation(_ cli: CLIFixture, _ name: String, homes: Int, received: Int, inTime: Int) -> String {
        let store = cli.scratch.appending(name)
        cli.initialise(store: store)
        var lines = [#"{"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"Jane Example"}}"#]
        for number in 1...received {
            let reference = String(format: "CMP-2025-%06d", number)
            lines += [
                #"{"type":"complaint.received","case":"\#(reference)","occurredAt":"2025-03-03T09:00:00Z","data":{"complainant":"P-000001","channel":"email","categories":["repairs"],"summary":"Mould"}}"#,
                #"{"type":"complaint.acknowledged","case":"\#(reference)","occurredAt":"2025-03-04T09:00:00Z","data":{"stage":1}}"#,
                #"{"type":"complaint.responded","case":"\#(reference)","occurredAt":"2025-03-\#(number <= inTime ? "05" : "28")T09:00:00Z","data":{"stage":1,"decision":"upheld"}}"#,
            ]
        }
        let imported = cli.run(["import", cli.file(name + ".jsonl", lines.joined(separator: "\n") + "\n")], store: store)
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(cli.run(["config", "set", "homes", String(homes)], store: store).status == 0)
        return store
    }

    /// Exports `store`'s March 2025 as `organisation` into a file of the scratch directory.
    private func export(_ cli: CLIFixture, _ store: String, _ organisation: String) -> String {
        let result = cli.run(["benchmark", "export", "--from", "2025-03-01", "--to", "2025-03-31", "--organisation", organisation], store: store)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("withheld for a count under 5"), "\(result.standardError)")
        return cli.file(organisation + ".json", result.standardOutput)
    }

    private func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test("three organisations exported and compared: CH02's quartiles and places, CH01's, and one value withheld")
    func threeOrganisations() throws {
        let cli = CLIFixture()
        let x = organisation(cli, "x", homes: 1000, received: 6, inTime: 6)
        let y = organisation(cli, "y", homes: 1000, received: 5, inTime: 4)
        let z = organisation(cli, "z", homes: 2000, received: 10, inTime: 5)
        let files = [export(cli, x, "X"), export(cli, y, "Y"), export(cli, z, "Z")]
        // The file carries the store's head, as verify --digest prints it.
        let file = json(String(decoding: readFile(files[0]) ?? [], as: UTF8.self))
        let head = file["head"] as? [String: Any]
        #expect("\(head?["position"] ?? "") \(head?["digest"] ?? "")" == cli.digest(store: x))

        let result = cli.run(["benchmark", "compare", "--format", "json"] + files)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("3 files compared"), "\(result.standardError)")
        let figures = json(result.standardOutput)["figures"] as? [[String: Any]] ?? []
        func figure(_ measure: String) -> [String: Any] { figures.first { $0["measure"] as? String == measure } ?? [:] }
        // CH02: X 6/6 = 100, Y 4 of 5 withheld, Z 5/10 = 50. Two values: lower 50 + 0.25 × 50 =
        // 62.5, median 75, upper 87.5; X first, Z second.
        let ch02 = figure("complaints-performance:stage1.respondedWithinCodePercent")
        #expect(ch02["lowerQuartile"] as? Double == 62.5 && ch02["median"] as? Double == 75 && ch02["upperQuartile"] as? Double == 87.5)
        #expect(ch02["suppressed"] as? Int == 1 && ch02["compared"] as? Int == 2)
        let standings = ch02["organisations"] as? [[String: Any]] ?? []
        #expect(standings.map { $0["place"] as? Int } == [1, nil, 2])
        #expect(standings[1]["numerator"] as? String == "<5" && standings[1]["value"] is NSNull)
        // CH01: X 6/1000 = 6, Y 5/1000 = 5, Z 10/2000 = 5; sorted 5, 5, 6: lower 5, median 5, upper 5.5.
        let ch01 = figure("complaints-performance:stage1.per1000Homes")
        #expect(ch01["lowerQuartile"] as? Double == 5 && ch01["median"] as? Double == 5 && ch01["upperQuartile"] as? Double == 5.5)

        let table = cli.run(["benchmark", "compare"] + files)
        #expect(table.status == 0 && table.standardOutput.contains("62.5     75       87.5     100 (1)   <5"), "\(table.standardOutput)")
        let csv = cli.run(["benchmark", "compare", "--format", "csv"] + files)
        #expect(csv.standardOutput.hasPrefix("from,to,measure,what,organisation,value,numerator,denominator,place\r\n"))
        let html = cli.run(["benchmark", "compare", "--format", "html"] + files)
        #expect(html.standardOutput.hasPrefix("<!DOCTYPE html>") && html.standardOutput.contains("<th>Z</th>"))
    }

    @Test("compare refuses a file of another version or a malformed one in one line naming it (65), and a missing one (66)")
    func refusals() {
        let cli = CLIFixture()
        let store = organisation(cli, "x", homes: 1000, received: 5, inTime: 5)
        let good = export(cli, store, "X")
        let text = String(decoding: readFile(good) ?? [], as: UTF8.self)
        let newer = cli.file("newer.json", text.replacingOccurrences(of: #""version":1"#, with: #""version":2"#))
        let broken = cli.file("broken.json", String(text.dropLast(10)))
        for (file, words) in [(newer, "it is of schema version 2, and this caselog reads version 1 only"), (broken, "it is not JSON")] {
            let result = cli.run(["benchmark", "compare", good, file])
            #expect(result.status == 65, "\(result.standardError)")
            #expect(result.standardError == "caselog: \(file) cannot be compared: \(words)\n", "\(result.standardError)")
            #expect(result.standardOutput.isEmpty)
        }
        #expect(cli.run(["benchmark", "compare", cli.scratch.appending("none.json")]).status == 66)
        #expect(cli.run(["benchmark", "compare", good, good]).status == 65)
        #expect(cli.run(["benchmark", "export", "--from", "2025-03-01", "--to", "2025-03-31", "--organisation", " "], store: store).status == 64)
    }

    @Test("--server is refused by both (exit 64): compare reads files here, export has no route")
    func refusesServer() {
        let cli = CLIFixture()
        for command in [["benchmark", "compare", "x.json"], ["benchmark", "export", "--from", "2025-03-01", "--to", "2025-03-31", "--organisation", "X"]] {
            let result = ChildProcess.run(cli.binary, command + ["--server", "http://127.0.0.1:9"], scratch: cli.scratch)
            #expect(result.status == 64, "\(result.standardError)")
            #expect(result.standardError.contains("works on the store's own machine"), "\(result.standardError)")
        }
    }
}
