import CaseStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `caselog serve` listens: the address, what makes an address beyond loopback safe, and how
/// many wrong tokens a client may try.
public struct ServerOptions: Sendable {
    /// The host to bind (`127.0.0.1`, `::1`, `0.0.0.0`, a name).
    public var host = "127.0.0.1"
    /// The port; 0 asks the system for a free one (the listening line names it).
    public var port = 8080
    /// A PEM certificate chain, with `tlsKeyPath`: the server speaks HTTPS.
    public var tlsCertificatePath: String?
    /// The PEM private key of `tlsCertificatePath`.
    public var tlsKeyPath: String?
    /// The server is reached through a proxy that terminates TLS: listening beyond loopback is
    /// then allowed without `--tls-cert`.
    public var isBehindProxy = false
    /// How many rejected bearer tokens one client address may present within
    /// `failedTokenWindow`; past that it is answered 429 without its token being checked, until
    /// the window passes (`FailedAuthLimiter`). Behind a proxy the client is the last address of
    /// `X-Forwarded-For`.
    public var failedTokenLimit = 10
    /// The window of `failedTokenLimit`, from an address's first rejected token: a minute.
    public var failedTokenWindow: Duration = .seconds(60)
    /// False only in the Benchmarks package's `unlogged-read-server`, which measures what the
    /// access log costs a read by answering the same reads without it (scripts/bench-server).
    /// `caselog serve` never sets it: every answer with a † field is logged (DOMAIN.md §9).
    @_spi(Benchmarks) public var logsPersonalReads = true

    /// 127.0.0.1:8080, plain HTTP.
    public init() {}

    /// The options of `--listen HOST:PORT` (`[::1]:8080` for an IPv6 address).
    ///
    /// - Throws: `CaselogError` (usage) naming what is wrong with `text`.
    public init(listen text: String) throws {
        var host = Substring(text)
        guard let colon = host.lastIndex(of: ":"), let port = Int(host[host.index(after: colon)...]), (0...65_535).contains(port) else {
            throw Self.usage("--listen takes HOST:PORT with a port from 0 to 65535, not \"\(text.prefix(80))\"")
        }
        host = host[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty else { throw Self.usage("--listen takes HOST:PORT; the host is missing in \"\(text.prefix(80))\"") }
        self.init()
        self.host = String(host)
        self.port = port
    }

    /// True for an address only this machine reaches: 127.0.0.0/8, `::1`, `localhost`.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else { return false }
        return parts[0] == "127"
    }

    /// Checks the loopback rule (DOMAIN.md §13) and that TLS has both its files, readable.
    ///
    /// - Throws: `CaselogError` (usage, exit 64) with one line saying what to add; (not
    ///   found, exit 66) for a TLS file that cannot be read.
    public func check() throws {
        if (tlsCertificatePath == nil) != (tlsKeyPath == nil) {
            throw Self.usage("--tls-cert and --tls-key go together: give both files, or neither")
        }
        for (option, path) in [("--tls-cert", tlsCertificatePath), ("--tls-key", tlsKeyPath)] {
            guard let path, access(path, R_OK) != 0 else { continue }
            throw CaselogError(.notFound, "cannot read \(option) \(path): \(String(cString: strerror(errno)))", cause: Refused())
        }
        if !Self.isLoopback(host) && tlsCertificatePath == nil && !isBehindProxy {
            throw Self.usage("refusing to listen on \(host) without TLS: tokens would cross the network in clear; "
                + "give --tls-cert FILE --tls-key FILE, or --behind-proxy when a proxy terminates TLS, or listen on 127.0.0.1")
        }
    }

    /// The bound address as a URL, for the listening line.
    func url(port bound: Int) -> String {
        let scheme = tlsCertificatePath == nil ? "http" : "https"
        return "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(bound)"
    }

    private struct Refused: Error {}

    private static func usage(_ message: String) -> CaselogError { CaselogError(.usage, message, cause: Refused()) }
}
