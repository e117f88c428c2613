import Codec

extension Erasure {
    /// What `caselog erase` prints: text, or json (`{"subject", "position", "cases", "sections",
    /// "keysDestroyed", "reviewsKept", "erasedBefore"}`). Counts and references only.
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        if format == .json {
            var json = JSONWriter()
            json.beginObject()
            json.key("subject"); json.string(subject)
            json.key("position"); if let position { json.integer(Int64(position)) } else { json.null() }
            json.key("cases"); json.beginArray(); for reference in cases { json.string(reference) }; json.endArray()
            json.key("sections"); json.integer(Int64(sections))
            json.key("keysDestroyed"); json.integer(Int64(keysDestroyed))
            json.key("reviewsKept"); json.beginArray(); for reference in reviewsKept { json.string(reference) }; json.endArray()
            json.key("erasedBefore"); if let erasedBefore { json.integer(Int64(erasedBefore)) } else { json.null() }
            json.endObject()
            json.bytes.append(0x0A)
            printout.write(json.bytes)
            return printout
        }
        guard let position else {
            printout.print("\(subject) was erased already (subject.erased at position \(erasedBefore ?? 0)); nothing was left to erase")
            return printout
        }
        let streams = cases.isEmpty ? "on \(subject)" : "on \(subject) and \(Self.counted(cases.count, "case")) (\(cases.joined(separator: ", ")))"
        printout.print("erased \(subject): \(Self.counted(sections, "personal section")) \(streams); \(Self.counted(keysDestroyed, "data key")) destroyed")
        printout.print("recorded subject.erased at position \(position); the records and the hash chain are unchanged")
        if !reviewsKept.isEmpty {
            printout.print("kept: \(reviewsKept.joined(separator: ", ")) (a panel review keeps its own key: erase what it holds of the person by hand if it must go)")
        }
        if let erasedBefore { printout.note("\(subject) was erased before, at position \(erasedBefore); this erased what was recorded or left since") }
        printout.note("other people's free text may still name \(subject): search for it and correct those entries (docs/PRIVACY.md)")
        return printout
    }

    private static func counted(_ count: Int, _ noun: String) -> String {
        "\(TextLayout.grouped(count)) \(noun)\(count == 1 ? "" : "s")"
    }
}
