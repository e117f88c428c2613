import Casework
import EventLog

/// What erasing a subject reaches (DOMAIN.md §8, §13 "Keys"): the subject's own stream and every
/// case where it is or ever was the subject, complainant or household, whose data keys are
/// destroyed; the personal sections of those streams; and the panel reviews of those cases,
/// which are kept (a review's key goes only with the review).
public struct ErasureScope: Sendable, Equatable {
    /// The subject (`P-NNNNNN`).
    public let subject: String
    /// The streams whose keys are destroyed: the subject's own first, then its cases in the
    /// order they were opened.
    public let streams: [String]
    /// The positions of those streams' records that hold a personal section.
    public let sectionPositions: [UInt64]
    /// The panel reviews that name one of those cases as an incident: kept as they are.
    public let reviewsKept: [String]

    /// The cases of `streams` (without the subject's own stream).
    public var cases: [String] { Array(streams.dropFirst()) }

    /// The scope of erasing `subject`, as the log stands in `reader`; nil when the store has no
    /// such subject.
    ///
    /// Cost: one scan of the log's records (headers, and the data of the events that relate
    /// streams), then the records of the streams reached.
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public static func of(_ subject: String, in reader: borrowing LogReader) throws -> ErasureScope? {
        guard CaseReference(subject)?.caseType == .subject, try reader.streamHead(subject) != nil else { return nil }
        let facts = try StreamFacts.scan(reader)
        let cases = (facts.casesEverAbout[subject] ?? []).sorted { (facts.firstPosition[$0] ?? 0) < (facts.firstPosition[$1] ?? 0) }
        let streams = [subject] + cases
        var positions: [UInt64] = []
        for stream in streams {
            try reader.scanStream(stream) { record in
                if record.hasPersonalData { positions.append(record.position) }
            }
        }
        var reviews: Set<String> = []
        for stream in cases { reviews.formUnion(facts.reviews(of: stream)) }
        let kept = reviews.sorted { (facts.firstPosition[$0] ?? 0) < (facts.firstPosition[$1] ?? 0) }
        return ErasureScope(subject: subject, streams: streams, sectionPositions: positions.sorted(), reviewsKept: kept)
    }
}
