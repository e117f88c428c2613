import Casework
import EventLog
import Codec

/// What one pass over the log tells about how streams relate: each case's subject, the links
/// between cases, each review's incidents and each household's members.
///
/// Built by `RelatedStreams` from one scan of the log, corrections included. (The case summary
/// view knows each case's subject too, but not links, incidents or household members; one scan
/// answers all four the same way.)
struct StreamFacts {
    /// Position of each stream's first record (the order lanes are shown in).
    var firstPosition: [String: UInt64] = [:]
    /// The subject a case's opening event names (`household`, `subject` or `complainant`), as
    /// corrected.
    var caseSubject: [String: String] = [:]
    /// Every case whose opening event named each subject, before or after a correction (the
    /// cases a subject is or ever was the subject, complainant or household of).
    var casesEverAbout: [String: Set<String>] = [:]
    /// The subjects erased (`subject.erased` on their stream).
    var erasedSubjects: Set<String> = []
    /// Cases linked by `case.linked`, in both directions, with the link's relation.
    var links: [String: [(other: String, relation: String)]] = [:]
    /// The incidents each review names (`review.opened`).
    var incidents: [String: [String]] = [:]
    /// The members of each household (`householdMembers` of `subject.registered` and of later
    /// `subject.details-changed`, the latest list winning).
    var members: [String: [String]] = [:]

    /// Reads every record's header, and the data of the few types that relate streams, with
    /// the corrections (`case.entry-corrected`) of those events written over them, so that a
    /// case first recorded against the wrong person is about the right one. Records recorded
    /// after `knownAt` are left out (what was not known then does not widen a replay's scope).
    /// Costs one scan of the log; memory grows with the number of streams, not of events.
    static func scan(_ reader: borrowing LogReader, knownAt: Timestamp? = nil) throws -> StreamFacts {
        var facts = StreamFacts()
        // The events that relate streams, by id, so that a correction can find what it changes.
        var openings: [EventID: (stream: String, field: String)] = [:]
        var linkEvents: [EventID: (stream: String, other: String, relation: String)] = [:]
        var linkOrder: [EventID] = []
        var reviewOpenings: [EventID: String] = [:]
        var memberEvents: [EventID: String] = [:]
        var membersFrom: [String: EventID] = [:]
        // Events entered in error (`CaseVoids`): a voided link, review or case widens no scope.
        var voided = Set<EventID>()
        try reader.scan(from: 1) { record in
            if record.version == 1 { facts.firstPosition[record.stream] = record.position }
            if let knownAt, record.recordedAt > knownAt { return }
            let type = record.typeBytes
            if record.version == 1, let field = subjectField(of: type) {
                openings[record.eventID] = (record.stream, field)
                if let subject = record.data[field]?.string {
                    facts.caseSubject[record.stream] = subject
                    facts.casesEverAbout[subject, default: []].insert(record.stream)
                }
            } else if type.elementsEqual("case.linked".utf8), let other = record.data["otherCase"]?.string {
                linkEvents[record.eventID] = (record.stream, other, record.data["relation"]?.string ?? "related")
                linkOrder.append(record.eventID)
            } else if let target = CaseVoids.target(of: record) {
                voided.insert(target)
            } else if type.elementsEqual(EventCatalogue.erased.utf8) {
                facts.erasedSubjects.insert(record.stream)
            } else if type.elementsEqual("review.opened".utf8) {
                reviewOpenings[record.eventID] = record.stream
                facts.incidents[record.stream] = strings(record.data["incidents"])
            } else if type.elementsEqual("subject.registered".utf8) || type.elementsEqual("subject.details-changed".utf8),
                      let list = record.data["householdMembers"] {
                memberEvents[record.eventID] = record.stream
                membersFrom[record.stream] = record.eventID
                facts.members[record.stream] = strings(list)
            } else if type.elementsEqual("case.entry-corrected".utf8), let text = record.data["eventId"]?.textBytes,
                      let target = EventID(text: text), let changes = record.data["changes"] {
                if let opening = openings[target], let subject = changes[opening.field]?.string {
                    facts.caseSubject[opening.stream] = subject
                    facts.casesEverAbout[subject, default: []].insert(opening.stream)
                }
                if let link = linkEvents[target] {
                    linkEvents[target] = (link.stream, changes["otherCase"]?.string ?? link.other,
                                          changes["relation"]?.string ?? link.relation)
                }
                if let review = reviewOpenings[target], let list = changes["incidents"] {
                    facts.incidents[review] = strings(list)
                }
                if let stream = memberEvents[target], membersFrom[stream] == target, let list = changes["householdMembers"] {
                    facts.members[stream] = strings(list)
                }
            }
        }
        // A voided case is about no one now; it stays among the cases a subject was ever the
        // subject of (`casesEverAbout`), so that erasing them still destroys its key.
        for (id, opening) in openings where voided.contains(id) { facts.caseSubject[opening.stream] = nil }
        for (id, review) in reviewOpenings where voided.contains(id) { facts.incidents[review] = nil }
        for id in linkOrder where !voided.contains(id) {
            guard let link = linkEvents[id] else { continue }
            facts.links[link.stream, default: []].append((link.other, link.relation))
            facts.links[link.other, default: []].append((link.stream, link.relation))
        }
        return facts
    }

    /// The field of an opening event that names the case's subject.
    private static func subjectField(of type: UnsafeRawBufferPointer) -> String? {
        if type.elementsEqual("tenancy.referral-received".utf8) { return "household" }
        if type.elementsEqual("safeguarding.concern-raised".utf8) { return "subject" }
        if type.elementsEqual("complaint.received".utf8) { return "complainant" }
        if type.elementsEqual("feedback.received".utf8) { return "from" }
        return nil
    }

    /// The text elements of a CBOR array (empty for anything else).
    static func strings(_ view: CBORView?) -> [String] {
        var result: [String] = []
        view?.forEachElement { element in
            if let text = element.string { result.append(text) }
        }
        return result
    }

    /// True when the stream exists.
    func exists(_ stream: String) -> Bool { firstPosition[stream] != nil }

    /// Every case about `subjects`: whose subject is one of them, or whose subject is a household
    /// that names one of them as a member. In the order the cases were opened.
    func cases(about subjects: Set<String>) -> [String] {
        caseSubject.compactMap { stream, subject -> String? in
            if subjects.contains(subject) { return stream }
            if let listed = members[subject], listed.contains(where: subjects.contains) { return stream }
            return nil
        }.sorted { (firstPosition[$0] ?? 0) < (firstPosition[$1] ?? 0) }
    }

    /// Reviews that name `stream` as an incident.
    func reviews(of stream: String) -> [String] {
        incidents.compactMap { review, cases in cases.contains(stream) ? review : nil }
            .sorted { (firstPosition[$0] ?? 0) < (firstPosition[$1] ?? 0) }
    }
}
