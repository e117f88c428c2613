extension ProjectionPlan {
    /// The event types, and fields of them, that a plan reads by name for the values a spec
    /// asks for without naming an event (`worker`, `subject`, `subject.ATTRIBUTE`,
    /// `after-implemented`) and for corrections.
    ///
    /// A spec's own types are checked against `EventCatalogue` as it is read (`SpecNodeReader`);
    /// these are matched against records byte for byte just the same, so one the catalogue does
    /// not have would match nothing without a word. `PlanCatalogueNamesTests` checks every one.
    enum CatalogueNames {
        /// `worker`: the `worker` of a case's latest assignment.
        static let assignment = (type: "case.assigned", worker: "worker")
        /// `subject`: the field of each opening event that names the case's subject.
        static let subjectOfOpening = [(type: "tenancy.referral-received", field: "household"),
                                       (type: "safeguarding.concern-raised", field: "subject"),
                                       (type: "complaint.received", field: "complainant"),
                                       (type: "feedback.received", field: "from")]
        /// `subject.ATTRIBUTE`: the events that state a subject's attributes; a spec's
        /// attribute must be a field of the first.
        static let subjectDetails = ["subject.registered", "subject.details-changed"]
        /// `after-implemented`: when each review was opened.
        static let reviewOpened = "review.opened"
        /// `after-implemented`: a finding's id and contributing factors.
        static let findingRecorded = (type: "review.finding-recorded", id: "findingId", factors: "contributingFactors")
        /// `after-implemented`: the findings a recommendation addresses.
        static let recommendationMade = (type: "review.recommendation-made", id: "recommendationId", findings: "findingIds")
        /// `after-implemented`: when a recommendation was implemented.
        static let recommendationImplemented = (type: "review.recommendation-implemented", id: "recommendationId")
        /// A correction, and the field naming the event it corrects.
        static let correction = (type: "case.entry-corrected", eventID: "eventId")

        /// Every type above with the fields read of it (none for a type read for its time only).
        static var all: [(type: String, fields: [String])] {
            [(assignment.type, [assignment.worker])]
                + subjectOfOpening.map { ($0.type, [$0.field]) }
                + subjectDetails.map { ($0, []) }
                + [(reviewOpened, []),
                   (findingRecorded.type, [findingRecorded.id, findingRecorded.factors]),
                   (recommendationMade.type, [recommendationMade.id, recommendationMade.findings]),
                   (recommendationImplemented.type, [recommendationImplemented.id]),
                   (correction.type, [correction.eventID])]
        }
    }
}
