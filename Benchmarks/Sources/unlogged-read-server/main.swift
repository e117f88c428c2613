// `caselog serve --listen 127.0.0.1:0` on the store named by the first argument, except that
// an answer with † fields is not logged as access.personal-read: the same server, the same
// routes and the same reads, without the access log, so that scripts/bench-server can say
// what logging costs a read (issue 22: at most 20% more at 16 clients). It prints the line
// `caselog serve` prints once it listens, and stops on SIGTERM.
@_spi(Benchmarks) import CaselogServer
import CaseStore
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Writes `message` as one line on standard error and exits with `status`.
func fail(_ message: String, status: Int32) -> Never {
    var line = message + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(status)
}

guard CommandLine.arguments.count == 2 else {
    fail("usage: unlogged-read-server STORE (benchmarks only: reads with † fields are not logged)", status: 64)
}
let path = CommandLine.arguments[1]
var options = try ServerOptions(listen: "127.0.0.1:0")
options.logsPersonalReads = false
let server = CaselogHTTPServer(store: try CaseStore(openingAt: path), options: options,
                               logger: ServerLog.standardError(level: "warning"))
let finished = DispatchSemaphore(value: 0)
Task.detached {
    do {
        try await server.run { url in
            print("caselog serve: listening on \(url) (store \(path)) without logging † reads")
            fflush(nil)
        }
    } catch {
        fail("unlogged-read-server: \(error)", status: 1)
    }
    finished.signal()
}
finished.wait()
