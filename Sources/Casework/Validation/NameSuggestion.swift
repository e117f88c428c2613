/// "Did you mean …?": the candidate nearest to a mistyped name, when it is near enough to be a typo.
public enum NameSuggestion {
    /// The candidate with the smallest edit distance to `name`, if that distance is at most a
    /// third of the name's length (at least 1), or if the name is the candidate's last part
    /// (`received` for `complaint.received`). Costs O(candidates × length²).
    public static func nearest(to name: String, in candidates: some Collection<String>) -> String? {
        guard name.utf8.count <= 100 else { return nil }
        let typed = Array(name.utf8)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(typed, Array(candidate.utf8))
            if distance < best?.distance ?? .max { best = (candidate, distance) }
        }
        guard let best else { return nil }
        if best.distance <= max(1, typed.count / 3) { return best.candidate }
        return candidates.first { $0.hasSuffix("." + name) }
    }

    /// Levenshtein distance, with one row of memory.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let above = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }
}
