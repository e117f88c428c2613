#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files for tests that may use only the public API: the repository's root, a file's text,
/// and a scratch directory (TestSupport is the package's own, so it is not used here).
enum LibraryFiles {
    /// The repository's root: three levels above this file.
    static let root: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    /// The text of the file at `path`; nil when it cannot be read.
    static func text(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while case let count = fread(&buffer, 1, buffer.count, file), count > 0 { bytes += buffer[..<count] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text after the first `start` in `text` up to the next `end` (to the end when `end`
    /// is empty); nil when either is missing.
    static func between(_ start: String, and end: String, in text: String) -> String? {
        guard let from = text.firstRange(of: start)?.upperBound else { return nil }
        if end.isEmpty { return String(text[from...]) }
        guard let to = text[from...].firstRange(of: end)?.lowerBound else { return nil }
        return String(text[from..<to])
    }
}

/// A new directory under /tmp, removed with everything in it when the value goes.
final class ScratchDirectory {
    let path: String

    init() {
        var template = Array("/tmp/caselog-library-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    deinit { Self.remove(path) }

    private static func remove(_ path: String) {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name == "." || name == ".." { continue }
                remove(path + "/" + name)
            }
            closedir(directory)
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
