import EventLog
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Input sized or shaped to exhaust the machine, and input that only looks like text or a date:
/// each is refused with one line and exit 65, quickly, in little memory, and nothing is written.
@Suite("Bounded input")
struct BoundedInputTests {
    /// Writes an import file whose second line is an event `size` bytes long (a subject's new
    /// name), between a good line and one of a misspelt type, a megabyte at a time.
    private func importFile(_ cli: CLIFixture, _ name: String, lineOfSize size: Int) -> String {
        let path = cli.scratch.appending(name)
        guard let file = fopen(path, "wb") else { fatalError("cannot write \(path)") }
        defer { fclose(file) }
        func put(_ text: String) { _ = Array(text.utf8).withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) } }
        put(#"{"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"Jane Example"}}"# + "\n")
        let head = #"{"type":"subject.details-changed","case":"P-000001","occurredAt":"2025-03-02T09:00:00Z","data":{"name":""#
        let tail = "\"}}\n"
        put(head)
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        var left = size - head.utf8.count - tail.utf8.count + 1
        while left > 0 {
            let count = min(left, chunk.count)
            _ = chunk.withUnsafeBytes { fwrite($0.baseAddress, 1, count, file) }
            left -= count
        }
        put(tail)
        put(#"{"type":"complaint.recieved","occurredAt":"2025-03-03T09:00:00Z","data":{}}"# + "\n")
        return path
    }

    /// Imports a file with a `size`-byte second line, from the file or through a pipe; checks the
    /// refusal and that nothing was written, and returns the importer's peak resident memory.
    private func refusedImport(lineOfSize size: Int, throughPipe: Bool, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let cli = CLIFixture()
        cli.initialise()
        let path = importFile(cli, "lines-\(size).jsonl", lineOfSize: size)
        let arguments = throughPipe ? ["import", "--store", cli.store, "-"] : ["import", "--store", cli.store, path]
        let run = try #require(runMeasuringPeakMemory(cli.binary, arguments, pipedInput: throughPipe ? path : nil, scratch: cli.scratch),
                               "python3 is needed to measure memory (scripts/ensure-dependencies --tests installs it)",
                               sourceLocation: sourceLocation)
        #expect(run.status == 65, "\(run.standardError)", sourceLocation: sourceLocation)
        if size > LineLimit.bytes {
            #expect(run.standardError == "caselog: line 2: the line is longer than 8 MiB, the most an event line may be; "
                    + "1 more bad line (line 3); nothing was written\n", sourceLocation: sourceLocation)
        }
        #expect(cli.digest().hasPrefix("0 "), "nothing was written", sourceLocation: sourceLocation)
        return run.peakResidentBytes
    }

    /// The limit the tests expect (`LineReader.maximumLineLength`), kept here so that a change of it is a
    /// change of these tests too.
    enum LineLimit {
        static let bytes = 8 << 20
    }

    @Test("a 64 MiB line in an import file is refused (exit 65) naming the line and the limit, in memory far smaller than the line",
          arguments: [false, true])
    func longLine(throughPipe: Bool) throws {
        let small = try refusedImport(lineOfSize: 1_000, throughPipe: throughPipe)
        let large = try refusedImport(lineOfSize: 64 << 20, throughPipe: throughPipe)
        // The reader holds at most the limit of one line (and a little) more than a small import does.
        #expect(large - small < 2 * LineLimit.bytes, "peak \(large >> 20) MiB against \(small >> 20) MiB for a small import")
    }

    @Test("an event near the 1 MiB limit whose text is all control characters exports as a line under the line limit, which imports again")
    func largestExportImports() throws {
        let cli = CLIFixture()
        cli.initialise()
        // Each control character is one byte in the record and six (\u0001) in JSON.
        let name = "a" + String(repeating: "\\u0001", count: 1_040_000)
        let line = #"{"type":"subject.registered","case":"P-000001","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":""#
            + name + "\"}}\n"
        let recorded = cli.run(["import", cli.file("large.jsonl", line)])
        #expect(recorded.status == 0, "\(recorded.standardError)")
        let digest = cli.digest()
        // The export logs its own read (access.personal-read) after what it read: the restored head is the one before.
        let export = cli.run(["export"])
        #expect(export.status == 0)
        #expect(export.standardOutputBytes.count > 6_000_000 && export.standardOutputBytes.count < LineLimit.bytes)
        let copy = cli.scratch.appending("copy")
        cli.initialise(store: copy)
        let restored = cli.run(["import", cli.file("export.jsonl", export.standardOutput)], store: copy)
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(cli.digest(store: copy) == digest)
    }

    /// Anchors of anchors, each level naming the one before ten times, so that the last stands
    /// for 10⁹ scalars; used as mapping keys, which a YAML composer hashes and compares.
    static let bomb = """
        name: bomb
        a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
        g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
        h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
        i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
        events: {*i: 1, *h: 2, *i: 3}
        measures: {*i: count}

        """

    @Test("a 497-byte spec whose aliases stand for a billion nodes as mapping keys is refused at once (exit 65, the file named)")
    func yamlBomb() throws {
        let cli = CLIFixture()
        cli.initialise()
        let spec = cli.file("bomb.yaml", Self.bomb)
        let child = cli.start(["project", "run", spec])
        let result = try #require(child.wait(atMostSeconds: 20), "`project run` of the bomb was still running after 20 s (killed)")
        #expect(result.status == 65)
        #expect(result.standardError.hasPrefix("caselog: \(spec): line 2, column 4: "), "\(result.standardError)")
        #expect(result.standardError.contains("anchors and aliases"), "\(result.standardError)")
        #expect(result.standardError.lines.count == 1)
    }

    @Test("an occurredAt before 1900 is refused (exit 65) naming the field, from --occurred-at and from an event line")
    func earlyOccurredAt() {
        let cli = CLIFixture()
        cli.initialise()
        let recorded = cli.run(["record", "subject.registered", "--occurred-at", "0001-01-01", "kind=person", "name=X"])
        #expect(recorded.status == 65)
        #expect(recorded.standardError.contains("occurredAt 0001-01-01T00:00:00Z is before 1900"), "\(recorded.standardError)")
        let line = #"{"type":"subject.registered","occurredAt":"1899-12-31T23:59:59Z","data":{"kind":"person","name":"X"}}"#
        let imported = cli.run(["import", cli.file("early.jsonl", line + "\n")])
        #expect(imported.status == 65)
        #expect(imported.standardError.contains("line 1: ") && imported.standardError.contains("occurredAt 1899-12-31T23:59:59Z is before 1900"),
                "\(imported.standardError)")
        #expect(cli.run(["record", "subject.registered", "--occurred-at", "1900-01-01T00:00:00Z", "kind=person", "name=X"]).status == 0)
        #expect(cli.digest().hasPrefix("1 "))
    }

    @Test("an argument that is not UTF-8 is refused (exit 65) by its position, without echoing it, and nothing is written")
    func argumentNotUTF8() {
        let cli = CLIFixture()
        cli.initialise()
        let arguments: [[UInt8]] = [Array("record".utf8), Array("--store".utf8), Array(cli.store.utf8), Array("subject.registered".utf8),
                                    Array("kind=person".utf8), Array("name=Jane ".utf8) + [0xFF, 0xC3, 0x28]]
        let result = ChildProcess(cli.binary, rawArguments: arguments, scratch: cli.scratch).wait()
        #expect(result.status == 65)
        #expect(result.standardError == "caselog: argument 6 is not UTF-8 text; nothing was done\n", "\(result.standardError)")
        #expect(cli.digest().hasPrefix("0 "))
    }

    @Test("a $CASELOG_ACTOR that is not UTF-8 is refused (exit 65) by its name, not recorded as U+FFFD")
    func environmentNotUTF8() {
        let cli = CLIFixture()
        cli.initialise()
        let script = "CASELOG_ACTOR=$(printf 'a\\377b') exec \"$0\" record subject.registered --store \"$1\" kind=person name=X"
        let result = ChildProcess.run("/bin/sh", ["-c", script, cli.binary, cli.store], scratch: cli.scratch)
        #expect(result.status == 65)
        #expect(result.standardError == "caselog: $CASELOG_ACTOR is not UTF-8 text; nothing was done\n", "\(result.standardError)")
        #expect(cli.digest().hasPrefix("0 "))
    }
}
