import Casework
import Projections

// Each reading printed as its command prints it, in each form it takes: the one place the
// command line (local or through `--server`) and the server's `?format=` get their bytes.

extension CaseReading {
    /// The forms `caselog case` prints.
    public static let formats: [OutputFormat] = [.table, .json, .csv, .markdown]

    /// The case as `caselog case --format FORMAT` prints it (csv needs no timeline).
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        let rows = format == .table || format == .markdown ? timeline.map(CaseText.Row.init) : []
        switch format {
        case .json: printout.write(json())
        case .csv: printout.write(Array(CaseSheetText.csv(file, deadlines: deadlines, asOf: asOf, settings: settingsUsed).utf8))
        case .markdown: printout.print(CaseSheetText.markdown(file, deadlines: deadlines, asOf: asOf, settings: settingsUsed, rows: rows))
        default: printout.print(CaseText.table(file, deadlines: deadlines, asOf: asOf, calendar: calendar, settings: settingsUsed, rows: rows))
        }
        return printout
    }
}

extension CaseList {
    /// The forms `caselog cases` prints.
    public static let formats: [OutputFormat] = [.table, .json]

    /// The list as `caselog cases --format FORMAT` prints it.
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        guard format != .json else {
            printout.write(json())
            return printout
        }
        let visible = { (text: String) in TextEscaping.visible(text) }
        let workerWidth = max(8, rows.map { visible($0.summary.assignedTo ?? "—").count }.max() ?? 0)
        printout.print(TextLayout.padded("case", 17) + TextLayout.padded("type", 14) + TextLayout.padded("state", 8) + TextLayout.padded("stage", 7)
            + TextLayout.padded("worker", workerWidth + 2) + TextLayout.padded("subject", 10) + TextLayout.padded("opened", 12) + "last event")
        for item in rows {
            let summary = item.summary
            printout.print(TextLayout.padded(item.reference, 17) + TextLayout.padded(item.caseType.rawValue, 14)
                + TextLayout.padded(summary.state.rawValue, 8) + TextLayout.padded(summary.stage.map(String.init) ?? "", 7)
                + TextLayout.padded(visible(summary.assignedTo ?? "—"), workerWidth + 2) + TextLayout.padded(visible(summary.subject ?? "—"), 10)
                + TextLayout.padded(summary.openedAt.map { EuropeLondon.date(of: $0).iso8601 } ?? "", 12)
                + (item.lastEventAt.map { EuropeLondon.date(of: $0).iso8601 } ?? ""))
        }
        printout.note("\(rows.count) case\(rows.count == 1 ? "" : "s")")
        return printout
    }
}

extension ViewTable {
    /// The forms `caselog view` prints.
    public static let formats: [OutputFormat] = [.table, .json, .csv, .markdown]

    /// The view as `caselog view NAME --format FORMAT` prints it.
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        switch format {
        case .json: printout.write(json())
        case .csv: printout.write(Array(csv().utf8))
        case .markdown: printout.print(markdown())
        default: return ViewText.table(self)
        }
        return printout
    }
}

extension Replay {
    /// The forms `caselog replay` prints.
    public static let formats: [OutputFormat] = [.text, .markdown, .json, .html]

    /// The replay as `caselog replay REF --format FORMAT` prints it (without `--step`).
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        switch format {
        case .json: printout.write(json())
        case .html: printout.write(Array(html().utf8))
        case .markdown: printout.print(ReplayMarkdown.render(self))
        default: printout.print(ReplayText.render(self))
        }
        return printout
    }
}

extension ReportReading {
    /// The forms `caselog report` prints.
    public static let formats: [OutputFormat] = [.table, .json, .csv, .markdown, .html]

    /// The report as `caselog report NAME --format FORMAT` prints it: an explanation is a
    /// table or, in every other form, JSON.
    public func printout(_ format: OutputFormat) -> Printout {
        let reportFormat = ReportFormat(rawValue: format.rawValue) ?? .table
        let shown = explained == nil || reportFormat == .table ? reportFormat : .json
        var printout = Printout(OutputFormat(rawValue: shown.rawValue) ?? .table)
        let text = self.text(in: reportFormat) { TextEscaping.visible($0) }
        guard !text.isEmpty else { return printout }
        switch shown {
        case .table, .markdown: printout.print(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        case .json, .csv, .html: printout.write(Array(text.utf8))
        }
        return printout
    }
}

extension SubjectChronology {
    /// The forms `caselog chronology` prints.
    public static let formats: [OutputFormat] = [.table, .json, .csv, .markdown]

    /// The chronology as `caselog chronology P-… --format FORMAT` prints it.
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        switch format {
        case .json: printout.write(json())
        case .csv: printout.write(Array(ChronologyText.csv(self).utf8))
        case .markdown: printout.print(ChronologyText.markdown(self))
        default: printout.print(ChronologyText.table(self))
        }
        return printout
    }
}

extension StatisticsReading {
    /// The forms `caselog stats` prints.
    public static let formats: [OutputFormat] = [.text, .json]

    /// The statistics as `caselog stats --format FORMAT` prints them.
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        guard format != .json else {
            printout.write(json())
            return printout
        }
        let rows: [(String, String)] = [
            ("store", storePath),
            ("format version", "\(statistics.formatVersion)"),
            ("events", TextLayout.grouped(statistics.events)),
            ("streams", TextLayout.grouped(statistics.streams)),
            ("with personal data", TextLayout.grouped(statistics.personalSections)),
            ("head", "\(statistics.head.position) \(statistics.head.hash)"),
            ("size on disk", "\(TextLayout.bytes(statistics.fileSize)) (\(TextLayout.bytes(statistics.usedSize)) in use)"),
            ("map size", "\(TextLayout.bytes(statistics.mapSize)) (grows by itself)"),
            ("created", statistics.createdAt.iso8601),
            ("store id", statistics.storeID.description),
            ("open readers", "\(statistics.readers) (stale readers cleared on opening: \(statistics.staleReadersCleared))"),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        for (name, value) in rows {
            printout.print(name + String(repeating: " ", count: width - name.count + 2) + value)
        }
        return printout
    }
}

extension EventTypeCatalogue {
    /// The forms `caselog types` prints.
    public static let formats: [OutputFormat] = [.text, .json, .markdown]

    /// The catalogue, or the type `name`, as `caselog types [TYPE] --format FORMAT` prints it
    /// (one type: as text unless json).
    ///
    /// - Throws: what `type(named:)` throws for an unknown type.
    public func printout(_ format: OutputFormat, type name: String? = nil) throws -> Printout {
        var printout = Printout(format)
        if let name {
            let spec = try type(named: name)
            if format == .json { printout.write(Self.json(of: spec)) } else { printout = Printout(.text); printout.print(CatalogueText.detail(spec)) }
            return printout
        }
        switch format {
        case .json: printout.write(json())
        case .markdown: printout.print(CatalogueText.markdown(types))
        default: printout.print(CatalogueText.list(types))
        }
        return printout
    }
}

extension SubjectAccessBundle {
    /// The forms `caselog subject-access` prints.
    public static let formats: [OutputFormat] = [.text, .json, .html]

    /// The bundle as `caselog subject-access P-… --format FORMAT` prints it.
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        switch format {
        case .json: printout.write(SubjectAccessText.json(self))
        case .html: printout.write(Array(SubjectAccessText.html(self).utf8))
        default: printout.print(SubjectAccessText.text(self))
        }
        return printout
    }
}

extension RetentionSchedule {
    /// The forms `caselog retention run --dry-run` prints.
    public static let formats: [OutputFormat] = [.table, .json, .csv]

    /// The schedule as `caselog retention run --dry-run --format FORMAT` prints it.
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        switch format {
        case .json: printout.write(RetentionText.json(self))
        case .csv: printout.write(Array(RetentionText.csv(self).utf8))
        default: printout.print(RetentionText.table(self))
        }
        return printout
    }
}

extension BenchmarkComparison {
    /// The forms `caselog benchmark compare` prints.
    public static let formats: [OutputFormat] = [.table, .json, .csv, .html]

    /// The comparison as `caselog benchmark compare --format FORMAT` prints it, with a note of
    /// how many values were withheld for a count under 5.
    public func printout(_ format: OutputFormat) -> Printout {
        var printout = Printout(format)
        switch format {
        case .json: printout.write(Array(json().utf8))
        case .csv: printout.write(Array(csv().utf8))
        case .html: printout.write(Array(html().utf8))
        default: printout.print(String(table().dropLast()))
        }
        let withheld = rows.map(\.suppressed).reduce(0, +)
        printout.note("\(sources.count) file\(sources.count == 1 ? "" : "s") compared; \(withheld) value\(withheld == 1 ? "" : "s") "
            + "withheld for a count under 5")
        return printout
    }
}

extension BenchmarkFile {
    /// The file as `caselog benchmark export` prints it: its JSON, and a note of what was
    /// withheld.
    public func printout() -> Printout {
        var printout = Printout(.json)
        printout.write(Array(json().utf8))
        let withheld = entries.filter(\.isSuppressed).count
        printout.note("\(entries.count) figures of \(organisation) for \(period), head \(headPosition) \(headDigest); "
            + "\(withheld) withheld for a count under 5")
        return printout
    }
}
