import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Damage as a disk or a careless copy makes it: a byte changed anywhere in the data file, or
/// the file cut at any length. Whatever is hit, a command answers (0), refuses honestly (65,
/// 66) or reports damage (74): never a signal, a hang or "unexpected error".
@Suite("Random damage to a store")
struct RandomDamageTests {
    /// A store of 200 generated events, made once; each case damages a copy of its data file.
    static let base: (directory: TemporaryDirectory, bytes: [UInt8]) = {
        let cli = CLIFixture()
        cli.initialise()
        let generated = cli.run(["generate", "--events", "200", "--seed", "3"])
        precondition(cli.run(["import", "-"], input: generated.standardOutput).status == 0, "the base store could not be made")
        let directory = TemporaryDirectory()
        return (directory, readFile(cli.store + "/data.mdb") ?? [])
    }()

    static let commands: [[String]] = [["verify"], ["stats"], ["case", "CMP-2024-000001"]]

    /// Runs each command on the store in `directory`; returns a line per answer that is not one
    /// of `allowed` (or came with more than one line of error, or took over 20 s).
    func check(_ directory: String, allowed: Set<Int32>, what: String, scratch: TemporaryDirectory) -> [String] {
        var problems: [String] = []
        for command in Self.commands {
            let child = ChildProcess(caselogBinaryPath(), [command[0], "--store", directory] + command.dropFirst(), scratch: scratch)
            let started = ContinuousClock.now
            while child.isRunning && ContinuousClock.now - started < .seconds(20) { sleep(milliseconds: 5) }
            let hung = child.isRunning
            if hung { child.kill() }
            let result = child.wait()
            let verifyAllowed: Set<Int32> = [0, 74]
            if hung || result.wasSignalled || !(command == ["verify"] ? verifyAllowed : allowed).contains(result.status)
                || result.standardError.lines.filter({ $0.hasPrefix("caselog:") }).count > 1 || result.standardError.contains("unexpected error") {
                problems.append("\(what): \(command[0]) exited \(result.status)\(hung ? " (hung)" : ""): \(result.standardError.prefix(300))")
            }
        }
        return problems
    }

    @Test("200 bytes changed one at a time, each in a copy of the store (fixed seed): verify, stats and case exit 0, 65, 66 or 74, never a signal",
          arguments: 0..<8)
    func changedBytes(chunk: Int) {
        let (_, bytes) = Self.base
        let scratch = TemporaryDirectory()
        var generator = SeededGenerator(seed: 19 + UInt64(chunk))
        var problems: [String] = []
        for flip in 0..<25 {
            let offset = Int(generator.next() % UInt64(bytes.count))
            let mask = UInt8(truncatingIfNeeded: generator.next() % 255 + 1)
            var damaged = bytes
            damaged[offset] ^= mask
            let store = scratch.appending("store-\(flip)")
            mkdir(store, 0o700)
            writeFile(store + "/data.mdb", damaged)
            problems += check(store, allowed: [0, 65, 66, 74], what: "byte \(offset) ^ \(mask)", scratch: scratch)
            removeTree(store)
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("the data file cut at lengths from nothing to one byte short: exit 0 (only free pages lost) or 74, never a signal")
    func cutAtManyLengths() throws {
        let (_, bytes) = Self.base
        let scratch = TemporaryDirectory()
        let pageSize = 4096
        var lengths = [0, 1, 151, 152, pageSize, pageSize + 152, 2 * pageSize - 1, 2 * pageSize, bytes.count - 1]
        lengths += stride(from: 3 * pageSize, to: bytes.count, by: bytes.count / 9).map { $0 + 17 }
        var problems: [String] = []
        for length in lengths {
            let store = scratch.appending("store-\(length)")
            mkdir(store, 0o700)
            writeFile(store + "/data.mdb", Array(bytes.prefix(length)))
            problems += check(store, allowed: [0, 74], what: "cut to \(length) bytes", scratch: scratch)
            removeTree(store)
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
