import Casework
import EventLog

/// The cases of one type that a report follows (its complaints, its concerns), folded from the
/// log: a projection whose result is one `ReportCase` per case, in the order the cases opened.
/// A report is a projection over one or two of these, which it tallies in its `result()`.
///
/// The rules every report shares (docs/REPORTS.md):
///
/// - a case is followed from its opening event (`CaseType.openingType`, the catalogue's);
///   records of a stream not yet opened are ignored;
/// - records that happened after the period are skipped, so that every case stands as it did
///   on the period's last day; corrections are applied whenever they were recorded, since they
///   put right what an earlier event said;
/// - only records of the report's kinds (`Entry.Kind`) are folded, into the case's file and
///   its entries; any other record (a note) is passed over at the cost of one look-up of its
///   type.
///
/// Costs, per record: a comparison of the stream's prefix (`StreamPrefix`), and for the case
/// type's streams a look-up of the type (`TypeNameTable`), and for a kind of the report a
/// look-up of the case by stream number (`StreamTable`) and the case file's `apply`. Memory
/// grows with the cases and what each keeps.
struct ReportCases<Entry: ReportEntry>: Projection {
    /// What a record of one of the report's kinds does.
    private struct Route: Sendable {
        let kind: Entry.Kind
        /// True for the case type's opening event, which starts following a case.
        let opens: Bool
        /// True for a correction (`case.entry-corrected`).
        let isCorrection: Bool
        /// True for a void (`case.entry-voided`).
        let isVoid: Bool
    }

    /// The references' prefix and its dash, e.g. `CMP-`.
    private let prefix: StreamPrefix
    private let routes: TypeNameTable<Route>
    private let period: ReportPeriod
    private var cases = StreamTable<ReportCase<Entry>>()

    /// The cases of `caseType` for `period`. Which kind opens a case and which corrects an
    /// event is the catalogue's to say; `Entry.Kind` must name both, or no case is followed or
    /// corrected (a test holds every report to it, and its names to the catalogue).
    init(_ caseType: CaseType, period: ReportPeriod) {
        routes = TypeNameTable(Entry.Kind.allCases.map { kind in
            (kind.rawValue, Route(kind: kind, opens: kind.rawValue == caseType.openingType,
                                  isCorrection: EventCatalogue.type(named: kind.rawValue)?.correctsAnEvent ?? false,
                                  isVoid: kind.rawValue == CaseVoids.type))
        })
        prefix = StreamPrefix(caseType.prefix + "-")
        self.period = period
    }

    @inline(__always)
    mutating func apply(_ record: RecordView) {
        guard prefix.matches(record.streamBytes), let route = routes.value(named: record.typeBytes) else { return }
        // Corrections and voids put right what an earlier event said, whenever they were recorded.
        if !route.isCorrection && !route.isVoid && period.isAfter(record.occurredAt) { return }
        cases.fold(record, start: {
            guard route.opens, let file = CaseFile(reference: record.stream) else { return nil }
            return ReportCase(file: file)
        }, { $0.apply(record, kind: route.kind, isCorrection: route.isCorrection, isVoid: route.isVoid) })
    }

    /// The cases followed, in the order they opened; a case entered in error (its opening
    /// event voided) is none of them.
    func result() -> [ReportCase<Entry>] { cases.states.filter { $0.file.state != .voided } }
}
