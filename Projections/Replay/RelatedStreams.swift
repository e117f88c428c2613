import Casework
import EventLog

/// The streams a replay or a subject chronology reads, each with why it is there.
///
/// How far links are followed (docs/REPLAY.md):
/// 1. the case asked for; for a panel review, also every incident it names;
/// 2. one hop from those: cases linked to or from them by `case.linked`, and reviews that name
///    them as incidents;
/// 3. the subjects of every case so far (the opening event's `household`, `subject` or
///    `complainant`), and the `householdMembers` of those subjects;
/// 4. every case about those subjects (its subject is one of them, or is a household that names
///    one as a member), and the subjects' own streams.
///
/// Cases found in step 4 are not followed further: their links and their other subjects are
/// one hop too far for the panel's question.
public struct RelatedStreams: Sendable, Equatable {
    /// Why a stream is in the replay.
    public enum Role: String, Sendable, Equatable {
        /// The case asked for.
        case focus
        /// An incident named by the review asked for.
        case incident
        /// Linked by `case.linked` (either direction), or a review naming one of the cases above.
        case linked
        /// A case about one of the subjects.
        case subjectCase = "subject-case"
        /// A subject's own stream (`P-…`).
        case subject
    }

    /// One stream and why it is read.
    public struct Stream: Sendable, Equatable {
        /// The stream's reference.
        public let name: String
        /// Why it is read.
        public let role: Role
        /// A short reason a reader can check: "linked (related) to SG-2025-000001".
        public let reason: String
    }

    /// The reference asked for.
    public let reference: String
    /// The streams in the order their lanes are shown: focus, incidents, linked cases, subjects'
    /// cases, subjects.
    public let streams: [Stream]
    /// The subjects the replay is about, in the order they were found.
    public let subjects: [String]

    /// The streams related to `reference`, or nil when the store has no such stream.
    ///
    /// Costs one scan of the log (headers, plus the data of opening, link and subject events).
    /// With `knownAt`, relations recorded after it (a link, a correction of the subject) are
    /// left out: the scope is what could have been known then.
    ///
    /// A review whose opening had not been recorded by `knownAt` still reads the incidents it
    /// names now (one more scan): what was known of them then is the panel's question.
    public static func find(for reference: String, in reader: borrowing LogReader, knownAt: Timestamp? = nil) throws -> RelatedStreams? {
        try find(for: reference, facts: StreamFacts.scan(reader, knownAt: knownAt), in: reader, knownAt: knownAt)
    }

    /// `find(for:in:knownAt:)` with the facts scanned as known at `knownAt`.
    static func find(for reference: String, facts: StreamFacts, in reader: borrowing LogReader,
                     knownAt: Timestamp?) throws -> RelatedStreams? {
        guard facts.exists(reference) else { return nil }
        var builder = Builder()
        if CaseReference(reference)?.caseType == .subject {
            builder.addSubject(reference, facts: facts)
        } else {
            builder.add(reference, .focus, "the case asked for")
            if let incidents = facts.incidents[reference] {
                for incident in incidents where facts.exists(incident) {
                    builder.add(incident, .incident, "incident of \(reference)")
                }
            } else if knownAt != nil, CaseReference(reference)?.caseType == .review {
                for incident in try StreamFacts.scan(reader).incidents[reference] ?? [] where facts.exists(incident) {
                    builder.add(incident, .incident, "incident of \(reference) (named when it was opened, later)")
                }
            }
            for core in builder.streams.map(\.name) {
                for (other, relation) in facts.links[core] ?? [] where facts.exists(other) {
                    builder.add(other, .linked, "linked (\(relation)) with \(core)")
                }
                for review in facts.reviews(of: core) {
                    builder.add(review, .linked, "review of \(core)")
                }
            }
            for stream in builder.streams.map(\.name) {
                if let subject = facts.caseSubject[stream] { builder.addSubject(subject, facts: facts) }
            }
        }
        let subjects = Set(builder.subjects)
        for stream in facts.cases(about: subjects) {
            let subject = facts.caseSubject[stream] ?? ""
            if subjects.contains(subject) {
                builder.add(stream, .subjectCase, "about \(subject)")
            } else {
                let member = facts.members[subject]?.first(where: subjects.contains) ?? ""
                builder.add(stream, .subjectCase, "household \(subject) includes \(member)")
            }
        }
        for subject in builder.subjects where facts.exists(subject) {
            builder.add(subject, .subject, "subject")
        }
        return RelatedStreams(reference: reference, streams: builder.streams, subjects: builder.subjects)
    }

    /// The streams a subject's chronology reads: the subject's own stream and every case about
    /// it (DOMAIN.md §6); nil when the store has no such subject. Reviews are not included:
    /// they name cases, not subjects. Costs one scan of the log.
    public static func about(subject: String, in reader: borrowing LogReader) throws -> RelatedStreams? {
        about(subject: subject, facts: try StreamFacts.scan(reader))
    }

    /// The streams about `subject` as `facts` relate them (`about(subject:in:)` without its scan).
    static func about(subject: String, facts: StreamFacts) -> RelatedStreams? {
        guard facts.exists(subject) else { return nil }
        var builder = Builder()
        builder.add(subject, .subject, "subject")
        for stream in facts.cases(about: [subject]) {
            let named = facts.caseSubject[stream] ?? ""
            builder.add(stream, .subjectCase, named == subject ? "about \(subject)" : "household \(named) includes \(subject)")
        }
        return RelatedStreams(reference: subject, streams: builder.streams, subjects: [subject])
    }

    /// Collects streams and subjects once each, keeping the first reason.
    private struct Builder {
        var streams: [Stream] = []
        var subjects: [String] = []
        private var seen: Set<String> = []

        mutating func add(_ name: String, _ role: Role, _ reason: String) {
            guard seen.insert(name).inserted else { return }
            streams.append(Stream(name: name, role: role, reason: reason))
        }

        mutating func addSubject(_ subject: String, facts: StreamFacts) {
            for candidate in [subject] + (facts.members[subject] ?? []) where !subjects.contains(candidate) {
                subjects.append(candidate)
            }
        }
    }
}
