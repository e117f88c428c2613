#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Synchronization

/// Random salts for personal-data sections, from `KernelRandom`.
package struct SaltPool {
    package init() {}

    /// Writes 16 fresh random bytes at `destination`.
    package mutating func writeSalt(to destination: UnsafeMutableRawPointer) {
        KernelRandom.fill(UnsafeMutableRawBufferPointer(start: destination, count: 16))
    }
}

/// The kernel's CSPRNG output, read 4 KiB at a time and handed out to the whole process.
///
/// `SystemRandomNumberGenerator` makes a system call per 8 bytes, which costs more than the
/// rest of appending an event (an event id took two, a salt two more); one read of
/// /dev/urandom serves 256 ids or salts. The bytes are the kernel's either way (falls back
/// to `SystemRandomNumberGenerator` when /dev/urandom cannot be read). caselog never forks
/// without exec, so no two processes share a buffer.
package enum KernelRandom {
    private struct Buffer {
        var bytes: [UInt8] = []
        var offset = 0
    }

    private static let buffer = Mutex(Buffer())

    /// Fills `destination` (at most 4 KiB) with fresh random bytes.
    package static func fill(_ destination: UnsafeMutableRawBufferPointer) {
        let count = destination.count
        precondition(count <= 4096, "KernelRandom hands out at most 4 KiB at a time")
        buffer.withLock { buffer in
            if buffer.offset + count > buffer.bytes.count {
                buffer.bytes = refilled()
                buffer.offset = 0
            }
            buffer.bytes.withUnsafeBytes { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[buffer.offset..<(buffer.offset + count)]))
            }
            // Bytes handed out are not kept: zeroed, so that a later dump of the buffer
            // cannot tell which salts or ids were drawn.
            buffer.bytes.withUnsafeMutableBytes { bytes in
                for index in buffer.offset..<(buffer.offset + count) { bytes[index] = 0 }
            }
            buffer.offset += count
        }
    }

    private static func refilled() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        var filled = 0
        if descriptor >= 0 {
            defer { close(descriptor) }
            while filled < bytes.count {
                let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
                if count <= 0 { break }
                filled += count
            }
        }
        if filled < bytes.count {
            var generator = SystemRandomNumberGenerator()
            var index = 0
            while index < bytes.count {
                withUnsafeBytes(of: generator.next() as UInt64) { word in
                    for byte in word { bytes[index] = byte; index += 1 }
                }
            }
        }
        return bytes
    }
}
