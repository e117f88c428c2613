import CLMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Environment {
    /// Sizes and counters of the environment (`mdb_env_info`).
    public struct Info: Sendable, Equatable {
        /// Current size of the memory map in bytes.
        public let mapSize: Int
        /// Number of the last page in use; `(lastPage + 1) * pageSize` bytes are used.
        public let lastPage: Int
        /// Id of the last committed transaction.
        public let lastTransactionID: Int
        /// Reader slots in use, across processes.
        public let readers: Int
        /// Reader slots available.
        public let maximumReaders: Int
    }

    /// Sizes and counters as of now. O(1).
    public var info: Info {
        var i = MDB_envinfo()
        mdb_env_info(pointer, &i)
        return Info(mapSize: i.me_mapsize, lastPage: i.me_last_pgno, lastTransactionID: i.me_last_txnid,
                    readers: Int(i.me_numreaders), maximumReaders: Int(i.me_maxreaders))
    }

    /// Read transactions open now in any process (`mdb_reader_list`). O(reader slots).
    public var activeReaders: Int {
        var count = 0
        withUnsafeMutablePointer(to: &count) { counter in
            _ = mdb_reader_list(pointer, { message, context in
                // One line per slot in use: "pid thread txnid", txnid "-" when between transactions.
                guard let message, let context else { return 0 }
                let fields = String(cString: message).split(separator: " ", omittingEmptySubsequences: true)
                if fields.count == 3, fields[0].allSatisfy(\.isNumber), fields[2].first?.isHexDigit == true {
                    context.assumingMemoryBound(to: Int.self).pointee += 1
                }
                return 0
            }, counter)
        }
        return count
    }

    /// The size of a database page in bytes.
    public var pageSize: Int {
        var stat = MDB_stat()
        mdb_env_stat(pointer, &stat)
        return Int(stat.ms_psize)
    }

    /// Bytes the data file takes on disk.
    public var fileSize: Int {
        var s = stat()
        return stat(path + "/data.mdb", &s) == 0 ? Int(s.st_size) : 0
    }
}
