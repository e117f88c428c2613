#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random salts for personal-data sections, drawn from the kernel 4 KiB at a time.
///
/// `SystemRandomNumberGenerator` makes a system call per 8 bytes, which costs more than the
/// rest of appending an event; one read of /dev/urandom serves 256 salts. The bytes are the
/// kernel's CSPRNG output either way (falls back to `SystemRandomNumberGenerator` when
/// /dev/urandom cannot be read).
package struct SaltPool {
    package init() {}

    private var bytes: [UInt8] = []
    private var offset = 0

    /// Writes 16 fresh random bytes at `destination`.
    package mutating func writeSalt(to destination: UnsafeMutableRawPointer) {
        if offset + 16 > bytes.count { refill() }
        bytes.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress! + offset, byteCount: 16) }
        offset += 16
    }

    private mutating func refill() {
        bytes = [UInt8](repeating: 0, count: 4096)
        offset = 0
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
    }
}
