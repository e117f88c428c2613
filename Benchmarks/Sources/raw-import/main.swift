// The baseline for `caselog import`: reads the same JSON Lines file the same way and appends
// each line's bytes, unparsed, through LMDB's C API, 1,000 per durable transaction.
//
//     raw-import FILE DIR
import BenchmarkSupport
import Casework
import EventLog
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    print("usage: raw-import FILE DIR")
    exit(64)
}
let raw = RawLMDB(path: arguments[2])
let reader = try LineReader(path: arguments[1])
var count = 0
let elapsed = try seconds {
    try raw.appendLines(batch: 1_000) { put in
        try reader.forEachLine { _, line, _ in
            put(line)
            count += 1
        }
    }
}
print("raw-import: \(count) lines in \(elapsed) s, \(Int(Double(count) / elapsed)) lines/s")
