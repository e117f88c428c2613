#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A data file mapped read-only by the checks that read LMDB's pages themselves, separately
/// from LMDB's own map (whose address LMDB 0.9 does not tell). Both maps show the same page
/// cache, so a page read here is the page LMDB reads.
///
/// Pages are lent only within the file as it was when mapped: a page past its end is never
/// touched. Mapping costs one `open`, `fstat` and `mmap`; pages are faulted in as they are read.
final class MappedDataFile {
    let path: String
    /// Bytes of the file when it was mapped.
    let size: Int
    let pageSize: Int
    private let base: UnsafeRawPointer?
    private let region: Int?

    /// Maps `path` whole, for pages of `pageSize` bytes.
    ///
    /// - Throws: `LMDBError` with the system's code when the file cannot be opened or mapped.
    init(path: String, pageSize: Int) throws(LMDBError) {
        self.path = path
        self.pageSize = pageSize
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw LMDBError(returnCode: errno, operation: "opening \(path) to check it") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw LMDBError(returnCode: errno, operation: "reading the size of \(path)") }
        size = Int(info.st_size)
        guard size > 0 else {
            base = nil
            region = nil
            return
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0), mapped != MAP_FAILED else {
            throw LMDBError(returnCode: errno, operation: "mapping \(path) to check it")
        }
        base = UnsafeRawPointer(mapped)
        region = FaultRegions.isTrackingEnabled ? FaultRegions.add(start: UInt(bitPattern: mapped), length: size) : nil
    }

    deinit {
        FaultRegions.remove(region)
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), size) }
    }

    /// Whole pages in the file.
    var pageCount: UInt64 { UInt64(size / pageSize) }

    /// Pages `first` through `first + count - 1`, or nil when any of them is not wholly in the file.
    func pages(_ first: UInt64, count: Int = 1) -> UnsafeRawBufferPointer? {
        guard let base, count >= 1, first < pageCount, UInt64(count) <= pageCount - first else { return nil }
        return UnsafeRawBufferPointer(start: base + Int(first) * pageSize, count: count * pageSize)
    }
}
