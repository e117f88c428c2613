import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `12345` as `12,345`, as caselog prints sizes.
func grouped(_ number: Int) -> String {
    let digits = Array(String(number))
    var text = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
        text.append(digit)
    }
    return text
}

@Suite("Damaged stores")
struct DamagedStoreTests {
    /// A store with a few events in it; its data.mdb is damaged by the test.
    func storeWithEvents() -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        #expect(cli.run(["record", "--stdin"], input: CLIFixture.complaintLines).status == 0)
        #expect(cli.run(["record", "case.note-added", "--case", "CMP-2025-000001", "text=Visited"]).status == 0)
        return cli
    }

    /// The commands a caseworker or an auditor would run on the store.
    static let commands: [[String]] = [
        ["verify"], ["stats"], ["case", "CMP-2025-000001"], ["export"],
        ["record", "case.note-added", "--case", "CMP-2025-000001", "text=Called"],
    ]

    @Test("a truncated data.mdb gives exit 74 naming the file and its sizes, not a signal, for every command")
    func truncated() throws {
        let cli = storeWithEvents()
        let original = try DataFileEditor(cli.store)
        let pageSize = original.pageSize
        let needed = (original.lastPage + 1) * pageSize
        // Lengths that cut pages in use (a cut of pages that are all free would harm nothing).
        for length in [needed / 2 + 100, 3 * pageSize, 2 * pageSize, pageSize + 100] {
            var cut = original
            cut.bytes.removeLast(cut.bytes.count - length)
            cut.save()
            for command in Self.commands {
                let result = cli.run(command)
                #expect(result.status == 74, "\(command) on \(length) bytes: \(result.status) \(result.standardError)")
                #expect(!result.wasSignalled)
                #expect(result.standardError.lines.count == 1, "\(result.standardError)")
                #expect(result.standardError.contains("data.mdb"), "\(result.standardError)")
                #expect(result.standardError.contains(grouped(length)), "\(command) on \(length) bytes: \(result.standardError)")
            }
            #expect(readFile(cli.store + "/data.mdb") == cut.bytes, "a command wrote to a damaged store")
        }
    }

    @Test("a flipped flag byte of the free-page database on the meta page gives exit 74, not an LMDB assertion")
    func flippedFreeDatabaseFlags() throws {
        let cli = storeWithEvents()
        var file = try DataFileEditor(cli.store)
        file.bytes[file.newestMeta + DataFileEditor.Meta.freeFlags] ^= 0xFF
        file.save()
        for command in Self.commands {
            let result = cli.run(command)
            #expect(result.status == 74, "\(command): \(result.status) \(result.standardError)")
            #expect(result.standardError.lines.count == 1, "\(result.standardError)")
            #expect(result.standardError.contains("free"), "\(result.standardError)")
        }
        #expect(readFile(cli.store + "/data.mdb") == file.bytes)
    }

    @Test("a meta page whose transaction id was changed is refused, not read as an older or newer store", arguments: [0, 1, 4, 7])
    func changedTransactionID(byte: Int) throws {
        let cli = storeWithEvents()
        let before = cli.digest()
        for page in 0..<2 {
            var file = try DataFileEditor(cli.store)
            let original = file
            file.bytes[file.page(page) + DataFileEditor.Meta.transaction + byte] ^= 0x81
            file.save()
            let result = cli.run(["verify", "--digest"])
            #expect(result.status == 74, "page \(page) byte \(byte): \(result.status) \(result.standardOutput) \(result.standardError)")
            #expect(result.standardError.contains("transaction"), "\(result.standardError)")
            original.save()
        }
        #expect(cli.digest() == before)
    }

    @Test("verify walks LMDB's own pages first: a leaf whose keys are out of order is named by its page, exit 74")
    func verifyNamesDamagedPage() throws {
        let cli = storeWithEvents()
        var file = try DataFileEditor(cli.store)
        let leaf = try file.root(of: "events")
        let pointers = file.page(leaf) + 16
        let (first, second) = (file.uint16(at: pointers), file.uint16(at: pointers + 2))
        file.set(second, at: pointers)
        file.set(first, at: pointers + 2)
        file.save()
        let result = cli.run(["verify"])
        #expect(result.status == 74)
        #expect(result.standardError.lines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("page \(leaf) of the events database"), "\(result.standardError)")
        #expect(result.standardError.contains("out of order"), "\(result.standardError)")
    }

    @Test("verify finds a page LMDB lost track of (in no tree, not free), which the chain walk cannot see")
    func verifyFindsLeakedPage() throws {
        let cli = storeWithEvents()
        var file = try DataFileEditor(cli.store)
        let dropped = try file.dropLastFreePage()
        file.save()
        let result = cli.run(["verify"])
        #expect(result.status == 74)
        #expect(result.standardError.contains("page \(dropped) is in no database and not on the free list"), "\(result.standardError)")
    }

    /// A store of `events` generated events, whose events database has branch pages.
    func generatedStore(events: Int) -> CLIFixture {
        let cli = CLIFixture()
        cli.initialise()
        let generated = cli.run(["generate", "--events", "\(events)", "--seed", "3"])
        #expect(cli.run(["import", "-"], input: generated.standardOutput).status == 0)
        return cli
    }

    @Test("an LMDB assertion on a damaged page (a branch of one key) gives one line and exit 74, not an abort")
    func assertionBecomesExit74() throws {
        let cli = generatedStore(events: 400)
        var file = try DataFileEditor(cli.store)
        let root = try file.root(of: "events")
        try #require(file.uint16(at: file.page(root) + 10) == 0x01, "the events database has no branch page")
        file.set(UInt16(16 + 2), at: file.page(root) + 12)
        file.save()
        for command in [["stats"], ["export"], ["record", "case.note-added", "--case", "CMP-2024-000001", "text=Called"]] {
            let result = cli.run(command)
            #expect(result.status == 74, "\(command): \(result.status) \(result.standardError)")
            #expect(result.standardError.lines.count == 1, "\(command): \(result.standardError)")
            #expect(result.standardError.contains("LMDB stopped at an inconsistency"), "\(command): \(result.standardError)")
        }
        let verify = cli.run(["verify"])
        #expect(verify.status == 74)
        #expect(verify.standardError.contains("branch page \(root) of the events database has 1 key"), "\(verify.standardError)")
    }

    @Test("a damaged page that sends LMDB through a pointer it never checks gives one line and exit 74, not a segmentation fault")
    func faultInLMDBBecomesExit74() throws {
        let cli = storeWithEvents()
        var file = try DataFileEditor(cli.store)
        let leaf = try file.root(of: "events")
        // A node that says it holds duplicates, in a database that keeps none.
        let node = file.nodes(ofPage: leaf)[0]
        file.set(file.uint16(at: node + 4) | 0x04, at: node + 4)
        file.save()
        for command in [["stats"], ["export"], ["cases"]] {
            let result = cli.run(command)
            #expect(result.status == 74, "\(command): \(result.status) \(result.standardError)")
            #expect(!result.wasSignalled)
            #expect(result.standardError.lines.count == 1, "\(command): \(result.standardError)")
        }
    }

    @Test("a data file cut short by another process while a command reads it gives exit 74, not SIGBUS")
    func cutWhileReading() throws {
        let cli = generatedStore(events: 3_000)
        let child = cli.start(["export"])
        // Stopped once LMDB has mapped the file, then the file is cut to its two meta pages.
        var mapped = false
        for _ in 0..<5_000 where !mapped {
            let maps = String(decoding: readFile("/proc/\(child.pid)/maps") ?? [], as: UTF8.self)
            mapped = maps.contains(cli.store + "/data.mdb")
            if !mapped { sleep(milliseconds: 1) }
        }
        child.kill(SIGSTOP)
        try #require(mapped, "export never mapped the store")
        let pageSize = try DataFileEditor(cli.store).pageSize
        #expect(truncate(cli.store + "/data.mdb", off_t(2 * pageSize)) == 0)
        child.kill(SIGCONT)
        let result = child.wait()
        #expect(result.status == 74, "\(result.status) \(result.standardError)")
        #expect(!result.wasSignalled)
        #expect(result.standardError.lines.last?.hasPrefix("caselog: the store is damaged") == true, "\(result.standardError)")
    }

    @Test("a page LMDB cannot find gives one line and exit 74 naming the position being read, and says to run verify")
    func pageNotFoundNamesPosition() throws {
        let cli = generatedStore(events: 400)
        var file = try DataFileEditor(cli.store)
        let root = try file.root(of: "events")
        try #require(file.uint16(at: file.page(root) + 10) == 0x01, "the events database has no branch page")
        let node = file.nodes(ofPage: root)[1]
        let firstPosition = file.key(ofNode: node).reduce(0) { $0 << 8 | Int($1) }
        let missing = file.lastPage + 10
        file.set(UInt16(missing & 0xFFFF), at: node)
        file.set(UInt16(missing >> 16), at: node + 2)
        file.save()
        let result = cli.run(["export"])
        #expect(result.status == 74)
        #expect(result.standardError.lines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("MDB_PAGE_NOTFOUND"), "\(result.standardError)")
        #expect(result.standardError.contains("position \(firstPosition)"), "\(result.standardError)")
        #expect(result.standardError.contains("run caselog verify"), "\(result.standardError)")
    }
}
