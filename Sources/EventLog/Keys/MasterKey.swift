import CCrypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The master key: 32 random bytes that wrap every data key of the key store, kept in a file of
/// its own (named by `CASELOG_MASTER_KEY_FILE`), never with the store or the key store.
///
/// The file is two lines of text (docs/FORMAT.md, "The key store and the master key"):
///
///     caselog-master-key 1
///     <the 32 bytes in standard base64 with padding: 44 characters>
///
/// each ending in a line feed, mode 0600.
public struct MasterKey: Sendable {
    /// The environment variable naming the master key file.
    public static let environmentVariable = "CASELOG_MASTER_KEY_FILE"
    /// Where `caselog init` writes the master key of the store at `storePath` when
    /// `CASELOG_MASTER_KEY_FILE` names none, and where caselog looks for it then: beside the
    /// store, its directory's name with `.master-key` added (`/srv/caselog-data` →
    /// `/srv/caselog-data.master-key`). It is meant to be moved off the machine.
    public static func defaultPath(forStore storePath: String) -> String {
        var trimmed = storePath
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed + ".master-key"
    }

    /// The first line of a master key file.
    public static let header = "caselog-master-key 1"

    /// The key's bytes.
    let bytes: [UInt8]

    /// A key of the given bytes (32 of them).
    ///
    /// - Throws: `AESGCM.Failure.wrongKeyLength`.
    public init(bytes: [UInt8]) throws(AESGCM.Failure) {
        guard bytes.count == AESGCM.keyCount else { throw .wrongKeyLength(bytes.count) }
        self.bytes = bytes
    }

    /// A new key from libcrypto's random generator.
    public static func generate() throws(AESGCM.Failure) -> MasterKey {
        try MasterKey(bytes: AESGCM.randomBytes(AESGCM.keyCount))
    }

    /// The file's text for this key.
    var fileText: [UInt8] {
        var encoded = [UInt8](repeating: 0, count: 4 * ((bytes.count + 2) / 3) + 1)
        let count = Int(EVP_EncodeBlock(&encoded, bytes, Int32(bytes.count)))
        defer { AESGCM.wipe(&encoded) }
        return Array(Self.header.utf8) + [0x0A] + encoded[..<count] + [0x0A]
    }

    /// Writes the key to a new file at `path`, mode 0600 whatever the umask, created with
    /// `O_EXCL` (an existing file, or a symbolic link, is never followed or overwritten), synced
    /// with its directory.
    ///
    /// - Throws: `KeyStoreError.masterKeyExists`; `StoreError.cannotCreate` (its directory is
    ///   missing), `.permissionDenied`.
    public func write(to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw KeyStoreError.masterKeyExists(path: path) }
            throw BackupDirectory.failure(errno, path: path)
        }
        var text = fileText
        defer { AESGCM.wipe(&text) }
        let written = text.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let failed = fchmod(descriptor, 0o600) != 0 || written != text.count || fsync(descriptor) != 0
        let code = errno
        close(descriptor)
        if failed {
            unlink(path)
            throw BackupDirectory.failure(code, path: path)
        }
        try BackupDirectory.sync(BackupDirectory.parent(of: path))
    }

    /// Reads the master key file at `path`.
    ///
    /// - Throws: `KeyStoreError.masterKeyMissing`, `.masterKeyExposed` (group or others have
    ///   any permission on it), `.masterKeyMalformed` (not a regular file, another first line,
    ///   not 32 bytes of canonical base64, anything more); `StoreError.permissionDenied`.
    public static func read(from path: String) throws -> MasterKey {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw KeyStoreError.masterKeyMissing(path: path) }
            throw BackupDirectory.failure(errno, path: path)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw BackupDirectory.failure(errno, path: path) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw KeyStoreError.masterKeyMalformed(path: path, reason: "it is not a regular file") }
        guard UInt32(info.st_mode) & 0o077 == 0 else { throw KeyStoreError.masterKeyExposed(path: path, mode: UInt32(info.st_mode)) }
        var text = [UInt8](repeating: 0, count: 256)
        defer { AESGCM.wipe(&text) }
        var count = 0
        while count < text.count {
            let got = text.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw BackupDirectory.failure(errno, path: path) }
            if got == 0 { break }
            count += got
        }
        return try parse(text[..<count], path: path)
    }

    /// The key in a master key file's text.
    static func parse(_ text: ArraySlice<UInt8>, path: String) throws(KeyStoreError) -> MasterKey {
        let lines = text.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count == 3, lines[2].isEmpty else {
            throw .masterKeyMalformed(path: path, reason: "it should be two lines, \"\(header)\" and the key in base64")
        }
        guard Array(lines[0]) == Array(header.utf8) else {
            throw .masterKeyMalformed(path: path, reason: "its first line is not \"\(header)\"")
        }
        let encoded = Array(lines[1])
        var decoded = [UInt8](repeating: 0, count: 48)
        defer { AESGCM.wipe(&decoded) }
        // EVP_DecodeBlock counts the padding as zero bytes: 44 characters decode to 33.
        guard encoded.count == 44, EVP_DecodeBlock(&decoded, encoded, 44) == 33,
              let key = try? MasterKey(bytes: Array(decoded[..<32])),
              key.fileText == Array(text) else {
            throw .masterKeyMalformed(path: path, reason: "its second line is not 32 bytes in base64 (44 characters)")
        }
        return key
    }
}
