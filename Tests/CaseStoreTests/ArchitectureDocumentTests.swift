import Testing

#if canImport(Glibc)
import Glibc
#endif

/// docs/ARCHITECTURE.md walks one event through the code file by file: each hop must name a
/// file that exists and a function or property that the sources declare.
@Suite("docs/ARCHITECTURE.md names real files and functions")
struct ArchitectureDocumentTests {
    static let document: String = {
        let path = LayeringTests.root + "/docs/ARCHITECTURE.md"
        guard let file = fopen(path, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while case let count = fread(&buffer, 1, buffer.count, file), count > 0 { bytes += buffer[..<count] }
        return String(decoding: bytes, as: UTF8.self)
    }()

    @Test("every source file it names exists")
    func filesExist() {
        let paths = Set(Self.document.matches(of: /(?:Sources|Projections|Tests)\/[A-Za-z0-9_\/+.-]+\.swift/).map { String($0.output) })
        #expect(paths.count >= 20, "the walk names too few files: \(paths.count)")
        for path in paths {
            #expect(access(LayeringTests.root + "/" + path, F_OK) == 0, "docs/ARCHITECTURE.md names \(path), which does not exist")
        }
    }

    @Test("every Type.member it names is declared in the sources")
    func membersExist() {
        let named = Set(Self.document.matches(of: /`([A-Z][A-Za-z]+)\.([a-z][A-Za-z]*)/).map { "\($0.output.1).\($0.output.2)" })
        #expect(named.count >= 20, "the walk names too few functions: \(named.count)")
        for name in named {
            let parts = name.split(separator: ".")
            let type = String(parts[0]), member = String(parts[1])
            #expect(Self.declares("(struct|class|enum|extension|protocol) \(type)\\b"), "no type \(type) (docs/ARCHITECTURE.md names \(name))")
            #expect(Self.declares("(func|var|let|case|init) \(member)\\b"), "no member \(member) (docs/ARCHITECTURE.md names \(name))")
        }
    }

    /// True when some source file has a line matching the extended regular expression `pattern`.
    static func declares(_ pattern: String) -> Bool {
        let root = LayeringTests.root
        guard let stream = popen("grep -rlE '\(pattern)' '\(root)/Sources' '\(root)/Projections' | head -1", "r") else { return false }
        defer { pclose(stream) }
        var buffer = [CChar](repeating: 0, count: 1024)
        return fgets(&buffer, Int32(buffer.count), stream) != nil
    }
}
