#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines of bytes from a file or a pipe in large chunks, without copying each line.
///
/// A regular file is read again from the start by `rewind()`; a pipe (standard input) is
/// read whole into memory first, because it cannot be read twice and an import must be able
/// to start over (when the store's map grows in the middle of a write).
///
/// No line longer than `maximumLineLength` is kept in memory, whatever its length: its bytes
/// are skipped up to the next line break, and the line is reported as too long by its number
/// (`LineTooLong`, or nil bytes for the import), so that a 300 MB line costs a scan, not 300 MB.
public final class LineReader {
    /// The longest line read, in bytes without its line break: 8 MiB. The largest event (1 MiB,
    /// `RecordLimits.maximumRecordSize`) as `caselog export` writes it, every character escaped
    /// as `\u00XX` (six bytes for one), is under 7 MiB, so every export reads back.
    public static let maximumLineLength = 8 << 20

    /// Total bytes to read, when known (a regular file, or a pipe once read; a pipe's lines
    /// longer than the limit count only their line break).
    public let totalBytes: Int?
    /// The longest line this reader reads (`maximumLineLength`; tests make it smaller).
    let maximumLineLength: Int
    /// What the input is called in errors: its path, or "standard input".
    private let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var spooled: [UInt8]?
    /// Where in `spooled` each line longer than the limit began: its bytes were dropped as the
    /// pipe was read, and only its line break kept, so that it still counts as a line.
    private var cutLines: [Int] = []
    private var buffer: [UInt8]
    private var fileOffset = 0

    /// Why input could not be read.
    public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public let isMissing: Bool
        /// True when the operating system refused access (`EACCES`, `EPERM`).
        public var isPermissionDenied = false
        public var description: String { "cannot read \(path): \(reason)" }
    }

    /// A line longer than `maximumLineLength`, met by `forEachLine`.
    public struct LineTooLong: Error, Equatable, Sendable, CustomStringConvertible {
        /// The input's path ("standard input" for a pipe).
        public let path: String
        /// The line's number, from 1.
        public let line: Int
        /// The longest line read, in bytes.
        public let limit: Int
        public var description: String { "\(path): line \(line) is longer than \(LineReader.describe(limit)), the most a line may be" }
    }

    /// Opens `path`, or standard input when `path` is "-".
    public convenience init(path: String) throws(ReadError) {
        try self.init(path: path, maximumLineLength: Self.maximumLineLength)
    }

    /// Opens `path` (standard input for "-"), reading lines of at most `maximumLineLength` bytes.
    convenience init(path: String, maximumLineLength: Int) throws(ReadError) {
        if path == "-" {
            try self.init(descriptor: 0, name: "standard input", owns: false, maximumLineLength: maximumLineLength)
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw ReadError(path: path, reason: String(cString: strerror(code)), isMissing: code == ENOENT,
                            isPermissionDenied: code == EACCES || code == EPERM)
        }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            close(fd)
            throw ReadError(path: path, reason: "it is a directory", isMissing: false)
        }
        try self.init(descriptor: fd, name: path, owns: true, maximumLineLength: maximumLineLength)
    }

    /// Reads lines from `bytes` already in memory (`caselog record TYPE …` builds its line).
    public convenience init(bytes: [UInt8]) {
        self.init(bytes: bytes, maximumLineLength: Self.maximumLineLength)
    }

    /// Reads lines of at most `maximumLineLength` bytes from `bytes`.
    init(bytes: [UInt8], maximumLineLength: Int) {
        descriptor = -1
        ownsDescriptor = false
        name = "input"
        buffer = []
        spooled = bytes
        totalBytes = bytes.count
        self.maximumLineLength = maximumLineLength
    }

    init(descriptor: Int32, name: String, owns: Bool, maximumLineLength: Int = LineReader.maximumLineLength) throws(ReadError) {
        self.descriptor = descriptor
        self.name = name
        self.maximumLineLength = maximumLineLength
        ownsDescriptor = owns
        buffer = []
        var info = stat()
        let isRegular = fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
            && lseek(descriptor, 0, SEEK_CUR) >= 0
        if isRegular {
            totalBytes = Int(info.st_size)
        } else {
            let (all, cuts) = try Self.spool(descriptor, name: name, maximumLineLength: maximumLineLength)
            spooled = all
            cutLines = cuts
            totalBytes = all.count
        }
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// Reads a pipe to its end, keeping every line but those longer than `maximumLineLength`,
    /// of which only the line break is kept (and where each began, in `cuts`).
    private static func spool(_ descriptor: Int32, name: String, maximumLineLength: Int) throws(ReadError) -> (bytes: [UInt8], cuts: [Int]) {
        var all: [UInt8] = []
        var cuts: [Int] = []
        var lineStart = 0        // where the line being read begins in `all`
        var isDropping = false   // the line being read is too long: its bytes are not kept
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: name, reason: String(cString: strerror(errno)), isMissing: false)
            }
            if count == 0 { break }
            chunk.withUnsafeBytes { raw in
                let base = raw.baseAddress!
                var at = 0
                while at < count {
                    let lineFeed = memchr(base + at, 0x0A, count - at).map { base.distance(to: UnsafeRawPointer($0)) }
                    let end = lineFeed.map { $0 + 1 } ?? count
                    if !isDropping { all.append(contentsOf: raw[at..<end]) }
                    // Its length without the line feed; a carriage return before it is not counted.
                    var length = all.count - lineStart - (lineFeed == nil || isDropping ? 0 : 1)
                    if lineFeed != nil && !isDropping && length > 0 && all[all.count - 2] == 0x0D { length -= 1 }
                    // Unfinished, a line may yet end in a carriage return: cut once it is longer
                    // than the limit and that return.
                    if !isDropping && length > maximumLineLength + (lineFeed == nil ? 1 : 0) {
                        all.removeSubrange(lineStart...)
                        cuts.append(lineStart)
                        isDropping = true
                    }
                    if lineFeed != nil {
                        if isDropping { all.append(0x0A) }
                        isDropping = false
                        lineStart = all.count
                    }
                    at = end
                }
            }
        }
        // A last line without a line break that was cut still counts as a line.
        if isDropping { all.append(0x0A) }
        return (all, cuts)
    }

    /// Calls `body` with each line (1-based number, bytes without "\n" or "\r\n", bytes read so
    /// far), from the start of the input. A last line without a line break is a line too.
    ///
    /// - Throws: `LineTooLong` at a line longer than `maximumLineLength` (nothing after it is
    ///   read), `ReadError`, or what `body` throws.
    public func forEachLine(_ body: (Int, UnsafeRawBufferPointer, Int) throws -> Void) throws {
        try forEachLineOrTooLong { number, line, offset in
            guard let line else { throw LineTooLong(path: name, line: number, limit: maximumLineLength) }
            try body(number, line, offset)
        }
    }

    /// Calls `body` with each line as `forEachLine` does, but with nil bytes for a line longer
    /// than `maximumLineLength`, and goes on with the lines after it (an import names every bad
    /// line). A long line's bytes are skipped without being kept: memory holds at most one
    /// line of the limit (a file) or the limit and a megabyte (a pipe), whatever the input.
    func forEachLineOrTooLong(_ body: (Int, UnsafeRawBufferPointer?, Int) throws -> Void) throws {
        if let spooled {
            var cuts = cutLines[...]
            _ = try spooled.withUnsafeBytes { bytes in
                try Self.split(bytes, firstLine: 1, baseOffset: 0, isFinal: true, limit: maximumLineLength, cuts: &cuts, body)
            }
            return
        }
        fileOffset = 0
        var lineNumber = 1
        var pending = 0          // bytes at the start of `buffer` that belong to an unfinished line
        var isSkipping = false   // in a line too long to read, reported: its bytes are dropped
        var noCuts = cutLines[...]
        // The longest line, a carriage return and the line feed.
        let largest = maximumLineLength + 2
        if buffer.isEmpty { buffer = [UInt8](repeating: 0, count: min(4 << 20, largest)) }
        while true {
            if pending == buffer.count {
                if buffer.count >= largest {
                    // No line break in the largest line there can be: it is too long.
                    try body(lineNumber, nil, fileOffset)
                    lineNumber += 1
                    pending = 0
                    isSkipping = true
                } else {
                    buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, largest - buffer.count)))
                }
            }
            let count = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + pending, raw.count - pending, off_t(fileOffset))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: name, reason: String(cString: strerror(errno)), isMissing: false)
            }
            fileOffset += count
            var available = pending + count
            if isSkipping {
                // `pending` is 0: the bytes read are the long line's, up to its line break.
                guard count > 0 else { return }
                guard let lineFeed = buffer.withUnsafeBytes({ raw in
                    memchr(raw.baseAddress!, 0x0A, count).map { raw.baseAddress!.distance(to: UnsafeRawPointer($0)) }
                }) else { continue }
                available = count - lineFeed - 1
                buffer.withUnsafeMutableBytes { raw in
                    raw.baseAddress!.copyMemory(from: raw.baseAddress! + lineFeed + 1, byteCount: available)
                }
                isSkipping = false
            }
            let isFinal = count == 0
            let consumed = try buffer.withUnsafeBytes { raw in
                try Self.split(UnsafeRawBufferPointer(rebasing: raw[0..<available]), firstLine: lineNumber,
                               baseOffset: fileOffset - available, isFinal: isFinal, limit: maximumLineLength,
                               cuts: &noCuts) { number, line, offset in
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
    /// unless `isFinal`). A line longer than `limit`, or one that begins where `cuts` says one
    /// was cut, is handed over as nil.
    @discardableResult
    private static func split(
        _ bytes: UnsafeRawBufferPointer, firstLine: Int, baseOffset: Int, isFinal: Bool, limit: Int,
        cuts: inout ArraySlice<Int>, _ body: (Int, UnsafeRawBufferPointer?, Int) throws -> Void
    ) throws -> Int {
        var start = 0
        var number = firstLine
        guard let base = bytes.baseAddress else { return 0 }
        func line(from start: Int, count: Int) -> UnsafeRawBufferPointer? {
            if let cut = cuts.first, cut == start {
                cuts.removeFirst()
                return nil
            }
            let line = trimmed(UnsafeRawBufferPointer(start: base + start, count: count))
            return line.count > limit ? nil : line
        }
        while start < bytes.count {
            let remaining = bytes.count - start
            guard let found = memchr(base + start, 0x0A, remaining) else {
                if isFinal {
                    try body(number, line(from: start, count: remaining), baseOffset + bytes.count)
                    return bytes.count
                }
                return start
            }
            let end = base.distance(to: UnsafeRawPointer(found))
            try body(number, line(from: start, count: end - start), baseOffset + end + 1)
            number += 1
            start = end + 1
        }
        return start
    }

    private static func trimmed(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        if let last = line.last, last == 0x0D { return UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        return line
    }

    /// `limit` as people say it: "8 MiB", or "1000 bytes".
    static func describe(_ limit: Int) -> String {
        limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes"
    }
}
