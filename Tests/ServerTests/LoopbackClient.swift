import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client on loopback over a blocking socket: for the binary's server, for
/// a subscription read as it arrives, and for many clients at once on threads of their own.
struct LoopbackClient {
    let port: Int

    struct Answer {
        let status: Int
        let headers: [String: String]
        let body: String
    }

    /// Sends one request (`Connection: close`) and reads the whole answer; nil when the
    /// server could not be reached or closed the connection first.
    func send(_ method: String, _ path: String, headers: [String: String] = [:], body: String? = nil,
              timeoutSeconds: Int = 10) -> Answer? {
        guard let socket = connectSocket(timeoutSeconds: timeoutSeconds) else { return nil }
        defer { close(socket) }
        guard write(socket, request(method, path, headers: headers, body: body, keepOpen: false)) else { return nil }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = read(socket, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return Self.parse(received)
    }

    /// Opens a request whose answer stays open (a subscription); read it with `Stream.read`.
    func open(_ path: String, headers: [String: String]) -> Stream? {
        guard let socket = connectSocket(timeoutSeconds: 1) else { return nil }
        guard write(socket, request("GET", path, headers: headers, body: nil, keepOpen: true)) else {
            close(socket)
            return nil
        }
        return Stream(socket: socket)
    }

    /// An answer being read as it arrives.
    final class Stream: @unchecked Sendable {
        let socket: Int32
        private(set) var text = ""

        init(socket: Int32) { self.socket = socket }
        deinit { close(socket) }

        /// Reads until `text` holds `expected` or `seconds` pass; true when it does. The reads
        /// block a thread of their own, never one of the tasks' (the server in process needs those).
        func read(until expected: String, atMostSeconds seconds: Double) async -> Bool {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: self.readBlocking(until: expected, atMostSeconds: seconds)) }
            }
        }

        private func readBlocking(until expected: String, atMostSeconds seconds: Double) -> Bool {
            var waited = 0.0
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while !text.contains(expected) && waited < seconds {
                let count = Glibc.read(socket, &buffer, buffer.count)
                if count > 0 {
                    text += String(decoding: buffer[0..<count], as: UTF8.self)
                } else if count == 0 {
                    return text.contains(expected)
                } else {
                    waited += 1  // SO_RCVTIMEO of a second ran out
                }
            }
            return text.contains(expected)
        }
    }

    private func request(_ method: String, _ path: String, headers: [String: String], body: String?, keepOpen: Bool) -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        if !keepOpen { text += "Connection: close\r\n" }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        return Array(text.utf8)
    }

    private func connectSocket(timeoutSeconds: Int) -> Int32? {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            return nil
        }
        return socket
    }

    private func write(_ socket: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return false }
            sent += count
        }
        return true
    }

    private static func parse(_ bytes: [UInt8]) -> Answer? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        let head = text[..<end.lowerBound].split(separator: "\r\n")
        guard let statusLine = head.first, statusLine.split(separator: " ").count >= 2,
              let status = Int(statusLine.split(separator: " ")[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...]).trimmingLeadingSpaces
        }
        var body = String(text[end.upperBound...])
        if headers["transfer-encoding"] == "chunked" { body = dechunked(body) }
        return Answer(status: status, headers: headers, body: body)
    }

    private static func dechunked(_ text: String) -> String {
        var rest = Substring(text)
        var body = ""
        while let lineEnd = rest.range(of: "\r\n"), let size = Int(rest[..<lineEnd.lowerBound], radix: 16), size > 0 {
            let start = lineEnd.upperBound
            let chunk = rest.utf8[start...].prefix(size)
            body += String(decoding: chunk, as: UTF8.self)
            rest = rest[rest.utf8.index(start, offsetBy: size)...].dropFirst(2)
        }
        return body
    }
}

extension String {
    fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}

/// Runs `body(0..<count)` at once, each on a serial queue of its own (served by a thread of its
/// own, as blocking socket calls need), and returns when all end.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        DispatchQueue(label: "caselog-test-client-\(index)").async(group: group) { body(index) }
    }
    group.wait()
}
