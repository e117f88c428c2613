import Casework
import EventLog
import Projections

extension CaseStore {
    /// The store's benchmark file for `period` (DOMAIN.md §12, docs/BENCHMARK.md): the headline
    /// figures of the three learning reports, each with its numerator and denominator, counts
    /// under 5 written "<5", for `organisation`, with the store's head. All three reports and
    /// the head come from one snapshot, so the digest names exactly the log they counted.
    /// Personal data is never read.
    ///
    /// Cost: three scans of the log in one read transaction (records after the period are
    /// skipped by their header alone).
    ///
    /// - Throws: `BenchmarkError.usage` (a usage error) for an organisation name that is empty,
    ///   longer than 200 characters or holds a control character;
    ///   `StoreError` when the store cannot be read.
    public func benchmark(organisation: String, period: ReportPeriod) throws -> BenchmarkFile {
        let name = organisation
        guard !name.allSatisfy(\.isWhitespace), name.count <= 200, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CaselogError(BenchmarkError.usage("--organisation needs a name: one line of up to 200 characters"))
        }
        return try log.read { reader in
            let head = try reader.head()
            let results = try ReportKind.withFigures.map { try $0.run(period: period, over: reader) }
            return BenchmarkFile(organisation: name, period: period, head: head, results: results)
        }
    }

    /// The largest benchmark file `compareBenchmarks` reads (1 MiB; a file is a few kilobytes).
    public static let maximumBenchmarkFileBytes = 1 << 20

    /// Reads and compares benchmark files (`caselog benchmark compare`): no store is needed.
    ///
    /// - Throws: `CaselogError` `.notFound` for a file that does not exist, `.storage` for one
    ///   that cannot be read, `.invalid` for one that is not a benchmark file of this schema
    ///   version (naming it), or when two give the same organisation and period; `.usage` for
    ///   no file.
    public static func compareBenchmarks(files paths: [String]) throws -> BenchmarkComparison {
        var files: [(name: String, file: BenchmarkFile)] = []
        for path in paths {
            var bytes: [UInt8] = []
            try LineReader(path: path).forEachLine { _, line, _ in
                bytes.append(contentsOf: line)
                bytes.append(0x0A)
                guard bytes.count <= maximumBenchmarkFileBytes else {
                    throw BenchmarkError.unreadable(file: path, reason: "it is larger than 1 MiB, and a benchmark file is a few kilobytes")
                }
            }
            files.append((path, try BenchmarkFile(json: bytes, file: path)))
        }
        return try BenchmarkComparison(files)
    }
}
