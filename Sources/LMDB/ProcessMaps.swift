#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory mappings of this process, from /proc/self/maps (Linux): where a file or a
/// library is mapped. Read with `read` into one buffer and scanned byte by byte, with no string
/// per line: it is read as a command starts and when a store is opened.
enum ProcessMaps {
    /// One line of /proc/self/maps: `start-end perms offset major:minor inode path`.
    struct Mapping {
        let start: UInt
        let end: UInt
        let isExecutable: Bool
        let offset: UInt64
        let major: UInt64
        let minor: UInt64
        let inode: UInt64
    }

    /// Calls `body` with each mapping. Returns false when there is no /proc to read.
    @discardableResult
    static func forEach(_ body: (Mapping) -> Void) -> Bool {
        let descriptor = open("/proc/self/maps", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 64 << 10)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            count += got
        }
        bytes.withUnsafeBytes { buffer in
            var scanner = Scanner(bytes: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            while !scanner.isAtEnd {
                if let mapping = scanner.mapping() { body(mapping) }
                scanner.skipLine()
            }
        }
        return true
    }

    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var isAtEnd: Bool { offset >= bytes.count }

        mutating func mapping() -> Mapping? {
            guard let start = number(radix: 16), skip("-"), let end = number(radix: 16), skip(" "),
                  offset + 4 <= bytes.count else { return nil }
            let isExecutable = bytes[offset + 2] == UInt8(ascii: "x")
            offset += 4
            guard skip(" "), let fileOffset = number(radix: 16), skip(" "), let major = number(radix: 16), skip(":"),
                  let minor = number(radix: 16), skip(" "), let inode = number(radix: 10)
            else { return nil }
            return Mapping(start: UInt(start), end: UInt(end), isExecutable: isExecutable, offset: fileOffset,
                           major: major, minor: minor, inode: inode)
        }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: character) else { return false }
            offset += 1
            return true
        }

        mutating func number(radix: UInt64) -> UInt64? {
            var value: UInt64 = 0
            var digits = 0
            while offset < bytes.count {
                let byte = bytes[offset]
                let digit: UInt64
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(byte - UInt8(ascii: "a") + 10)
                default: return digits > 0 ? value : nil
                }
                value = value &* radix &+ digit
                digits += 1
                offset += 1
            }
            return digits > 0 ? value : nil
        }

        mutating func skipLine() {
            while offset < bytes.count && bytes[offset] != UInt8(ascii: "\n") { offset += 1 }
            offset += 1
        }
    }
}
