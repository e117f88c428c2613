import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The layers of docs/ARCHITECTURE.md, held to the sources: each target imports only the
/// targets below it (and the system's modules), and nothing re-exports a whole module.
@Suite("Layers import downward only")
struct LayeringTests {
    /// What each target may import besides the system's modules.
    static let allowed: [String: Set<String>] = [
        "Codec": [],
        "LMDB": ["CLMDB"],
        "EventLog": ["LMDB", "Codec", "CCrypto"],
        "Casework": ["EventLog", "Codec"],
        "Projections": ["Casework", "EventLog", "Codec", "Yams", "CYaml"],
        "SampleHistory": ["Casework", "EventLog", "Codec"],
        "SQLiteExport": ["CSQLite", "Projections", "Casework", "EventLog", "Codec"],
        "CaseStore": ["SQLiteExport", "Projections", "Casework", "EventLog", "Codec", "LMDB"],
        // The server translates HTTP to CaseStore as the command line translates arguments: neither
        // LMDB nor Foundation; the HTTP, TLS, lifecycle, log and metrics libraries are its alone.
        "CaselogServer": ["CaseStore", "Projections", "Casework", "EventLog", "Codec", "Hummingbird", "HummingbirdCore",
                          "HummingbirdTLS", "NIOCore", "NIOSSL", "HTTPTypes", "ServiceLifecycle", "Logging", "Prometheus"],
        // The command line parses and prints: neither LMDB nor the codec. With --server it is an
        // HTTP client: AsyncHTTPClient, and the NIO types its API is written in (ByteBuffer,
        // TimeAmount in NIOCore; HTTPHeaders, HTTPMethod in NIOHTTP1).
        "caselog": ["CaseStore", "CaselogServer", "SQLiteExport", "SampleHistory", "Projections", "Casework", "EventLog",
                    "ArgumentParser", "AsyncHTTPClient", "NIOCore", "NIOHTTP1"],
    ]
    // Not Foundation: JSON is the codec's (DESIGN.md), and the log is read without it.
    static let system: Set<String> = ["Glibc", "Darwin", "Dispatch", "Synchronization"]

    static let root: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    static func directory(of target: String) -> String {
        target == "Projections" ? root + "/Projections" : root + "/Sources/" + target
    }

    /// Every `import` line of the Swift files under `directory`, with the file it is in.
    static func imports(under directory: String) -> [(file: String, line: String)] {
        var found: [(String, String)] = []
        guard let stream = popen("find '\(directory)' -name '*.swift' -not -path '*/examples/*' -exec grep -H '^[@a-z_ ]*import ' {} +", "r") else {
            return found
        }
        defer { pclose(stream) }
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), stream) != nil {
            let text = String(cString: buffer).trimmingCharacters(in: "\n")
            guard let colon = text.firstIndex(of: ":") else { continue }
            found.append((String(text[..<colon]), String(text[text.index(after: colon)...])))
        }
        return found
    }

    @Test("each target imports only the targets below it", arguments: allowed.keys.sorted())
    func importsDownward(target: String) {
        let lines = Self.imports(under: Self.directory(of: target))
        #expect(!lines.isEmpty || target == "Codec", "no sources found for \(target)")
        for (file, line) in lines {
            let module = line.split(separator: " ").last.map(String.init) ?? ""
            #expect(Self.allowed[target]!.contains(module) || Self.system.contains(module),
                    "\(file): \(target) imports \(module), which is not below it")
            #expect(!line.hasPrefix("@_exported import \(module)"), "\(file): \(line) re-exports a whole module")
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = self
        while text.last == set { text.removeLast() }
        return text
    }
}
