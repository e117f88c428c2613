#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines of bytes from a file or a pipe in large chunks, without copying each line.
///
/// A regular file is read again from the start by `rewind()`; a pipe (standard input) is
/// read whole into memory first, because it cannot be read twice and an import must be
/// able to start over (when the store's map grows in the middle of a write).
public final class LineReader {
    /// Total bytes to read, when known (a regular file, or a pipe once read).
    public let totalBytes: Int?
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var spooled: [UInt8]?
    private var buffer: [UInt8]
    private var fileOffset = 0

    /// Why input could not be read.
    public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public let isMissing: Bool
        public var description: String { "cannot read \(path): \(reason)" }
    }

    /// Opens `path`, or standard input when `path` is "-".
    public convenience init(path: String) throws(ReadError) {
        if path == "-" {
            try self.init(descriptor: 0, name: "standard input", owns: false)
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw ReadError(path: path, reason: String(cString: strerror(code)), isMissing: code == ENOENT)
        }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            close(fd)
            throw ReadError(path: path, reason: "it is a directory", isMissing: false)
        }
        try self.init(descriptor: fd, name: path, owns: true)
    }

    /// Reads lines from `bytes` already in memory (`caselog record TYPE …` builds its line).
    public init(bytes: [UInt8]) {
        descriptor = -1
        ownsDescriptor = false
        buffer = []
        spooled = bytes
        totalBytes = bytes.count
    }

    init(descriptor: Int32, name: String, owns: Bool) throws(ReadError) {
        self.descriptor = descriptor
        ownsDescriptor = owns
        buffer = []
        var info = stat()
        let isRegular = fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
            && lseek(descriptor, 0, SEEK_CUR) >= 0
        if isRegular {
            totalBytes = Int(info.st_size)
        } else {
            var all: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw ReadError(path: name, reason: String(cString: strerror(errno)), isMissing: false)
                }
                if count == 0 { break }
                all.append(contentsOf: chunk[0..<count])
            }
            spooled = all
            totalBytes = all.count
        }
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// Calls `body` with each line (1-based number, bytes without "\n" or "\r\n", bytes read so
    /// far), from the start of the input. A last line without a line break is a line too.
    public func forEachLine(_ body: (Int, UnsafeRawBufferPointer, Int) throws -> Void) throws {
        if let spooled {
            _ = try spooled.withUnsafeBytes { bytes in try Self.split(bytes, firstLine: 1, baseOffset: 0, isFinal: true, body) }
            return
        }
        fileOffset = 0
        var lineNumber = 1
        var pending = 0   // bytes at the start of `buffer` that belong to an unfinished line
        if buffer.isEmpty { buffer = [UInt8](repeating: 0, count: 4 << 20) }
        while true {
            if pending == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let count = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + pending, raw.count - pending, off_t(fileOffset))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: "input", reason: String(cString: strerror(errno)), isMissing: false)
            }
            fileOffset += count
            let available = pending + count
            let isFinal = count == 0
            let consumed = try buffer.withUnsafeBytes { raw in
                try Self.split(UnsafeRawBufferPointer(rebasing: raw[0..<available]), firstLine: lineNumber,
                               baseOffset: fileOffset - available, isFinal: isFinal) { number, line, offset in
                    lineNumber = number + 1
                    try body(number, line, offset)
                }
            }
            if isFinal { return }
            pending = available - consumed
            if consumed > 0 && pending > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    raw.baseAddress!.copyMemory(from: raw.baseAddress! + consumed, byteCount: pending)
                }
            }
        }
    }

    /// Splits `bytes` into lines; returns how many bytes were consumed (whole lines only,
    /// unless `isFinal`).
    @discardableResult
    private static func split(
        _ bytes: UnsafeRawBufferPointer, firstLine: Int, baseOffset: Int, isFinal: Bool,
        _ body: (Int, UnsafeRawBufferPointer, Int) throws -> Void
    ) throws -> Int {
        var start = 0
        var number = firstLine
        guard let base = bytes.baseAddress else { return 0 }
        while start < bytes.count {
            let remaining = bytes.count - start
            guard let found = memchr(base + start, 0x0A, remaining) else {
                if isFinal {
                    try body(number, trimmed(UnsafeRawBufferPointer(start: base + start, count: remaining)), baseOffset + bytes.count)
                    return bytes.count
                }
                return start
            }
            let end = base.distance(to: UnsafeRawPointer(found))
            try body(number, trimmed(UnsafeRawBufferPointer(start: base + start, count: end - start)), baseOffset + end + 1)
            number += 1
            start = end + 1
        }
        return start
    }

    private static func trimmed(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        if let last = line.last, last == 0x0D { return UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        return line
    }
}
