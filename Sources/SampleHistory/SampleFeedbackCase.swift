import Casework
/// One compliment or suggestion (DOMAIN.md §10, feedback as dialogue beside complaints):
/// received, mostly acknowledged within a few working days, answered (a suggestion saying
/// whether it was adopted: about a third are), and mostly closed.
///
/// Feedback draws its own random numbers (`SampleSimulator.withFeedbackRandom`), and names only
/// people already registered, so the rest of a history is what it was before feedback was added.
final class SampleFeedbackCase: SampleCaseScript {
    enum Intent {
        case open, acknowledge, respond, close
    }

    var intents = SampleIntentQueue<Intent>()
    static var opening: Intent { .open }
    private var stream = SampleStream.unopened
    private var isSuggestion = false
    private var about: [String] = []

    /// Share of feedback that is a compliment; the rest are suggestions.
    static let complimentShare = 0.62
    /// Share of suggestions adopted.
    static let adoptedShare = 0.35

    func perform(_ intent: Intent, at time: Int64, _ simulator: SampleSimulator) {
        simulator.withFeedbackRandom { act(intent, at: time, simulator) }
    }

    private func act(_ intent: Intent, at time: Int64, _ simulator: SampleSimulator) {
        switch intent {
        case .open: open(simulator, at: time)
        case .acknowledge:
            simulator.record("feedback.acknowledged", on: &stream, at: time, data: "{}")
        case .respond:
            var data = SampleJSONObject(capacity: 160)
            if isSuggestion {
                let adopted = simulator.random.chance(Self.adoptedShare)
                data.add("text", simulator.random.pick(adopted ? SampleFeedbackTexts.adoptedReplies : SampleFeedbackTexts.declinedReplies))
                data.add("adopted", adopted)
            } else {
                data.add("text", simulator.random.pick(SampleFeedbackTexts.thanks))
            }
            simulator.record("feedback.responded", on: &stream, at: time, data: data.finish())
            if simulator.random.chance(0.85) {
                intents.add(.close, at: simulator.officeTime(workingDays: simulator.random.int(0...5), after: time))
            }
        case .close:
            simulator.record("feedback.closed", on: &stream, at: time, data: "{}")
            stream.isClosed = true
        }
    }

    private func open(_ simulator: SampleSimulator, at time: Int64) {
        isSuggestion = !simulator.random.chance(Self.complimentShare)
        about = simulator.random.weightedDistinct(SampleComplaintTexts.categories, count: simulator.random.chance(0.85) ? 1 : 2)
        var data = SampleJSONObject(capacity: 320)
        data.add("kind", isSuggestion ? "suggestion" : "compliment")
        data.add("about", strings: about)
        data.add("channel", simulator.random.weighted(SampleComplaintTexts.channels))
        data.add("text", isSuggestion ? SampleFeedbackTexts.suggestion(about: about[0]) : SampleFeedbackTexts.compliment(about: about[0]))
        // Anonymous now and then; otherwise someone already known (never a new registration).
        let sender = simulator.random.chance(0.8)
            ? simulator.population.households.randomElement(&simulator.random) : nil
        if let sender { data.add("from", sender.stream.reference) }
        stream = simulator.open(.feedback, "feedback.received", at: time, data: data.finish(),
                                after: sender?.stream.openedRecordedAt ?? .min)
        var next = time
        if simulator.random.chance(0.8) {
            next = simulator.officeTime(workingDays: simulator.random.int(1...5), after: time)
            intents.add(.acknowledge, at: next)
        }
        intents.add(.respond, at: simulator.officeTime(workingDays: simulator.random.int(2...12), after: next))
    }
}

/// What tenants say in compliments and suggestions, and what the organisation writes back.
enum SampleFeedbackTexts {
    static func compliment(about category: String) -> String {
        compliments[category] ?? "Thank you to everyone who helped me this month."
    }

    static func suggestion(about category: String) -> String {
        suggestions[category] ?? "It would help to have one person to call about everything."
    }

    static let compliments: [String: String] = [
        "repairs": "The plumber arrived on time, explained everything and left the kitchen spotless.",
        "damp-mould": "The surveyor took the mould seriously and the new extractor fan has made a real difference.",
        "anti-social-behaviour": "The officer kept me informed every week until the noise stopped.",
        "staff-conduct": "The housing officer was patient and kind when I was struggling.",
        "communication": "I was called back the same day, exactly as promised.",
        "neighbourhood": "The caretaker has transformed the gardens behind the block.",
    ]

    static let suggestions: [String: String] = [
        "repairs": "Text tenants the morning of a repair appointment with a two-hour window.",
        "damp-mould": "Give every new tenant a leaflet on ventilation and who to call about damp.",
        "anti-social-behaviour": "Publish a named contact for noise complaints out of hours.",
        "communication": "Let us see the progress of a repair online instead of ringing.",
        "rent-service-charges": "Break the service charge down line by line on the annual letter.",
        "neighbourhood": "Put the bin collection days on the noticeboard in each block.",
    ]

    static let thanks = [
        "Thank you for taking the time to tell us; we have passed your kind words on to the team.",
        "Thank you: it means a lot to the staff to hear this.",
    ]

    static let adoptedReplies = [
        "Thank you for the suggestion: we have made this change and will review it in six months.",
        "A good idea, which we have put in place across the service.",
    ]

    static let declinedReplies = [
        "Thank you; we looked at this carefully but cannot make the change at present, for the reasons explained.",
        "We have noted the suggestion and will consider it when the contract is renewed.",
    ]
}
