import Casework

/// A timeline entry's data as a caseworker reads it in a table: `{"a":"x","b":["y","z"]}` →
/// `a: x · b: y, z`; nested objects stay JSON. `onBehalfOf` is left out: the table shows it in
/// the entry's "by" column ("login for NAME").
enum ReadableData {
    static func text(of json: [UInt8]) -> String {
        var text = String(decoding: json, as: UTF8.self)
        guard text.hasPrefix("{"), text.hasSuffix("}") else { return text }
        text = String(text.dropFirst().dropLast())
        var parts: [String] = []
        var current = ""
        var depth = 0
        var inString = false
        var escaped = false
        for character in text {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "{" || character == "[" {
                depth += 1
            } else if character == "}" || character == "]" {
                depth -= 1
            } else if character == "," && depth == 0 {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        if !current.isEmpty { parts.append(current) }
        return parts.compactMap { part in
            guard let colon = part.firstIndex(of: ":") else { return part }
            let key = part[..<colon].filter { $0 != "\"" }
            // Who it was recorded for, and where a migrated event came from, have lines of their own.
            if key == OnBehalfOf.field || key == MigratedSource.field { return nil }
            var value = String(part[part.index(after: colon)...])
            if value.hasPrefix("[\""), value.hasSuffix("\"]"), !value.contains("{") {
                value = value.dropFirst(2).dropLast(2).split(separator: "\",\"").joined(separator: ", ")
            } else if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return "\(key): \(value)"
        }.joined(separator: " · ")
    }
}
