/// Where a caselog server listens, as `--server` or `$CASELOG_SERVER` gives it:
/// `http://host[:port]` or `https://host[:port]`, and nothing more (no path, query or user).
struct ServerAddress: Sendable, Equatable {
    /// `http` or `https`.
    let scheme: String
    /// A name, an IPv4 address, or an IPv6 address in brackets.
    let host: String
    let port: Int?

    /// The base every route is appended to: `https://cases.example.org:8443`.
    var url: String { "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? "") }

    /// The address `text` names (one trailing `/` allowed), or nil when it is not one.
    init?(_ text: String) {
        var rest = Substring(text)
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard let separator = rest.range(of: "://") else { return nil }
        let scheme = rest[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        rest = rest[separator.upperBound...]
        var host: Substring
        var port: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[...close]
            let after = rest[rest.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { return nil }
            port = after.isEmpty ? nil : after.dropFirst()
            guard host.dropFirst().dropLast().allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }), host.count > 2 else { return nil }
        } else {
            let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = parts[0]
            port = parts.count == 2 ? parts[1] : nil
            let allowed = host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
            guard !host.isEmpty, host.count <= 253, allowed, !host.hasPrefix("."), !host.hasPrefix("-") else { return nil }
        }
        if let port {
            guard let number = Int(port), (1...65_535).contains(number), port.allSatisfy(\.isASCII) else { return nil }
            self.port = number
        } else {
            self.port = nil
        }
        self.scheme = scheme
        self.host = String(host).lowercased()
    }
}

/// Percent-encoding for the parts of a request's URL and the `Caselog-Note` headers.
enum PercentEncoding {
    /// `text` with every byte but RFC 3986's unreserved ones (letters, digits, `-._~`) as %XX
    /// of its UTF-8: safe in a path segment and a query value.
    static func encoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || "-._~".utf8.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// `text` with each %XX turned back into its byte, read as UTF-8 (a malformed sequence
    /// shown as U+FFFD); a `%` not followed by two hex digits is kept as it is.
    static func decoded(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
