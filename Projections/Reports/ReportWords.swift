/// Report figures in people's words, for the HTML a board reads: "Complaints by category",
/// not `receivedByCategory`; "Stage 1: responded within Code %", not
/// `stage1.respondedWithinCodePercent`; "May 2026", not `2026-05`. The dotted names stay the
/// figures' ids (`--explain`, JSON, targets); these are only how they are shown.
public enum ReportWords {
    /// Captions of groups of figures that the general rule would word badly.
    static let captions: [String: String] = [
        "receivedByCategory": "Complaints by category",
        "decisions": "Decisions on complaints responded to",
        "remedies.byKind": "Remedies offered, by kind",
        "concerns.byCategory": "Concerns by category",
        "concerns.byLocation": "Concerns by location",
        "concerns.byRisk": "Concerns by risk level",
        "triage.byDecision": "Triage decisions",
        "referrals.byAgency": "Referrals by agency",
        "outcomes.byOutcome": "Outcomes at close",
        "msp.byResult": "Making Safeguarding Personal: outcomes achieved",
        "findingsByFactor": "Panel findings by contributing factor",
    ]

    /// Values of the catalogue's lists whose words are not the value with its hyphens as spaces.
    static let values: [String: String] = [
        "damp-mould": "damp and mould",
        "anti-social-behaviour": "anti-social behaviour",
        "own-home": "own home",
        "modern-slavery": "modern slavery",
        "rent-service-charges": "rent and service charges",
        "financial-material": "financial or material",
        "neglect-omission": "neglect and acts of omission",
        "refer-local-authority": "referred to the local authority",
        "refer-police": "referred to the police",
        "refer-other": "referred elsewhere",
        "no-further-action": "no further action",
        "msp": "Making Safeguarding Personal",
    ]

    /// The caption of a chart of the figures under `group`: "Complaints by category",
    /// "Damp and mould complaints by month", "Repairs: responses by decision".
    public static func caption(_ group: String) -> String {
        if let caption = captions[group] { return caption }
        let parts = group.split(separator: ".").map(String.init)
        if parts.count == 2, parts[0] == "themes" { return capitalised(value(parts[1])) + " complaints by month" }
        if parts.count == 2, parts[0] == "upheldByCategory" { return capitalised(value(parts[1])) + ": responses by decision" }
        return figure(group)
    }

    /// A figure's dotted name in words: each part split at its capitals and digits, a value of
    /// a list in its words, parts after the first joined with commas: `stage1.respondedWithinCodePercent`
    /// is "Stage 1: responded within Code %".
    public static func figure(_ name: String) -> String {
        let parts = name.split(separator: ".").map { words(of: String($0)) }
        guard let first = parts.first else { return name }
        let text = capitalised(first)
        return parts.count == 1 ? text : text + ": " + parts.dropFirst().joined(separator: ", ")
    }

    /// A value of a breakdown as a bar's label: "May 2026" for a month, "damp and mould",
    /// "anti social behaviour" (hyphens as spaces) otherwise.
    public static func value(_ key: String) -> String {
        if let month = monthWords(key) { return month }
        return values[key] ?? key.replacingHyphens()
    }

    private static func words(of part: String) -> String {
        if part.contains("-") || monthWords(part) != nil { return value(part) }
        if let known = values[part] { return known }
        var words: [String] = []
        var current = ""
        for character in part {
            let startsWord = character.isUppercase || (character.isNumber && !(current.last?.isNumber ?? true))
            if startsWord && !current.isEmpty {
                words.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words.map { word in
            switch word {
            case "Percent": "%"
            case "Code": "Code"
            case "Pence": "(£)"
            case "Homes": "homes"
            case "percentile90": "90th percentile"
            default: word.lowercased()
            }
        }.joined(separator: " ").replacingOccurrences(of: "percentile 90", with: "90th percentile")
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                     "September", "October", "November", "December"]

    /// "May 2026" for `2026-05`; nil for anything else.
    private static func monthWords(_ key: String) -> String? {
        let parts = key.split(separator: "-")
        guard key.count == 7, parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
              (1...12).contains(month) else { return nil }
        return monthNames[month - 1] + " " + String(year)
    }

    private static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}

private extension String {
    func replacingHyphens() -> String { String(map { $0 == "-" ? " " : $0 }) }

    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = "", rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
