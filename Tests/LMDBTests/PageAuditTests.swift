import LMDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `Environment.auditPages`: LMDB's own trees walked with every offset checked, so that a
/// damaged page is named rather than stepped on.
@Suite("Auditing LMDB's pages")
struct PageAuditTests {
    /// An environment with `count` values of `size` bytes in "things" (small values make a
    /// tree of two levels from a few hundred), written in `writes` transactions so that pages
    /// are freed and reused; closed again.
    func makeStore(_ directory: TemporaryDirectory, count: Int = 600, size: Int = 40, writes: Int = 3) throws -> String {
        var options = Environment.Options()
        options.createIfMissing = true
        options.isDurable = false
        options.mapSize = 8 << 20
        let path = directory.appending("env")
        let env = try Environment(path: path, options: options)
        let db = try env.openDatabase(named: "things", create: true)
        let other = try env.openDatabase(named: "other", create: true)
        for write in 0..<writes {
            try env.write { txn in
                for key in stride(from: write, to: count, by: writes) {
                    try txn.put(Array(repeating: UInt8(key % 251), count: size), for: BigEndianKey(UInt64(key)), in: db)
                }
                try txn.put([UInt8(write)], for: "write", in: other)
            }
        }
        return path
    }

    func audit(_ path: String) throws -> PageAuditOutcome? {
        let env = try Environment(path: path)
        return try env.read { txn in try env.auditPages(in: txn) }
    }

    @Test("a sound environment audits as sound, its pages in trees and free making up every page but the two meta pages")
    func sound() throws {
        let directory = TemporaryDirectory()
        let path = try makeStore(directory)
        let env = try Environment(path: path)
        let outcome = try env.read { txn in try env.auditPages(in: txn) }
        guard case let .sound(inUse, free) = outcome else {
            Issue.record("\(String(describing: outcome))")
            return
        }
        #expect(free > 0, "three writes free pages")
        #expect(inUse + free + 2 == UInt64(env.info.lastPage + 1))
    }

    @Test("values on overflow pages are audited too, each overflow page reached once")
    func overflowPages() throws {
        let directory = TemporaryDirectory()
        let path = try makeStore(directory, count: 20, size: 9_000, writes: 2)
        guard case .sound = try audit(path) else {
            Issue.record("\(String(describing: try audit(path)))")
            return
        }
    }

    @Test("a leaf whose keys are out of order is found, naming its page and database")
    func keysOutOfOrder() throws {
        let directory = TemporaryDirectory()
        let path = try makeStore(directory)
        var file = try DataFileEditor(path)
        let root = try file.root(of: "things")
        let leaf = file.child(ofNode: file.nodes(ofPage: root)[1])
        // Swap the first two node pointers of the leaf.
        let pointers = file.page(leaf) + 16
        let (first, second) = (file.uint16(at: pointers), file.uint16(at: pointers + 2))
        file.set(second, at: pointers)
        file.set(first, at: pointers + 2)
        file.save()
        #expect(try audit(path) == .damaged(page: UInt64(leaf), problem: "the keys of page \(leaf) of the things database are out of order at node 1"))
    }

    @Test("a branch that points at a page twice is found: the page is reached twice")
    func pageReachedTwice() throws {
        let directory = TemporaryDirectory()
        let path = try makeStore(directory)
        var file = try DataFileEditor(path)
        let root = try file.root(of: "things")
        let nodes = file.nodes(ofPage: root)
        let target = file.child(ofNode: nodes[0])
        file.set(UInt16(target & 0xFFFF), at: nodes[1])
        file.set(UInt16(target >> 16), at: nodes[1] + 2)
        file.save()
        guard case let .damaged(page, problem) = try audit(path) else {
            Issue.record("a page reached twice was not found")
            return
        }
        #expect(page == UInt64(target) || problem.contains("out of order") || problem.contains("beyond what its parent"), "\(problem)")
    }

    @Test("a page in no tree and not on the free list is found: LMDB lost track of it")
    func leakedPage() throws {
        let directory = TemporaryDirectory()
        let path = try makeStore(directory)
        var file = try DataFileEditor(path)
        let dropped = try file.dropLastFreePage()
        file.save()
        #expect(try audit(path) == .damaged(page: dropped, problem: "page \(dropped) is in no database and not on the free list: LMDB lost track of it"))
    }

    @Test("a tree page past the end of a file cut short is named, never read")
    func pastTheEnd() throws {
        let directory = TemporaryDirectory()
        let path = try makeStore(directory)
        let env = try Environment(path: path)
        let file = try DataFileEditor(path)
        let root = try file.root(of: "things")
        let lastLeaf = file.child(ofNode: file.nodes(ofPage: root).last!)
        // Cut while open: the check made on opening has passed; the audit must not fault.
        let cut = max(lastLeaf, root) * file.pageSize
        #expect(truncate(path + "/data.mdb", off_t(cut)) == 0)
        let outcome = try env.read { txn in try env.auditPages(in: txn) }
        guard case let .damaged(_, problem) = outcome else {
            Issue.record("\(String(describing: outcome))")
            return
        }
        #expect(problem.contains("past the end of"), "\(problem)")
        #expect(problem.contains("cut short"), "\(problem)")
    }
}
