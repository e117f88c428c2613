import ArgumentParser
import CaseStore
import CaselogServer
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// `caselog serve`: the store over HTTP (docs/SERVER.md), until SIGTERM or SIGINT.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the store over HTTP: JSON routes, bearer tokens, group commit, live events (docs/SERVER.md).",
        discussion: """
            Every route but /health needs a bearer token (`caselog token create NAME`). Listening \
            beyond loopback needs --tls-cert and --tls-key, or --behind-proxy when a proxy \
            terminates TLS. SIGTERM or SIGINT stops it gracefully: requests in flight finish and \
            their events are written, then it exits 0. One line on standard output names the \
            address once it listens; logs go to standard error.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "HOST:PORT to listen on (port 0: a free port, named on standard output).") var listen = "127.0.0.1:8080"
    @Option(help: "A PEM certificate chain: serve HTTPS.") var tlsCert: String?
    @Option(help: "The PEM private key of --tls-cert.") var tlsKey: String?
    @Flag(help: "A proxy in front terminates TLS: allows listening beyond loopback without --tls-cert.") var behindProxy = false
    @Option(help: "info (the default: a line per request), notice, warning or error: only lines at this level or above.")
    var logLevel: LogLevel = .info

    enum LogLevel: String, ExpressibleByArgument, CaseIterable { case info, notice, warning, error }

    func run() throws {
        try reportingFailures {
            try global.refuseServer("serve")
            var options = try ServerOptions(listen: listen)
            options.tlsCertificatePath = tlsCert
            options.tlsKeyPath = tlsKey
            options.isBehindProxy = behindProxy
            try options.check()
            let server = CaselogHTTPServer(store: try global.openCaseStore(), options: options, logger: ServerLog.standardError(level: logLevel.rawValue))
            let finished = DispatchSemaphore(value: 0)
            let outcome = ServeOutcome()
            Task {
                do {
                    try await server.run { url in
                        Terminal.print("caselog serve: listening on \(url) (store \(global.storePath))")
                        fflush(nil)
                    }
                } catch {
                    outcome.failure = CaselogError(.cannotCreate, "cannot serve on \(listen): \(error)", cause: error)
                }
                finished.signal()
            }
            finished.wait()
            if let failure = outcome.failure { throw failure }
        }
    }
}

/// How the server's task ended, handed back to the command's thread.
private final class ServeOutcome: @unchecked Sendable {
    /// Set once by the task before it signals; read after the wait.
    var failure: CaselogError?
}
