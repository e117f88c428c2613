import Casework
/// What complainants say and what the complaints team writes back.
enum SampleComplaintTexts {
    static let channels: [(String, Int)] = [
        ("phone", 30), ("email", 25), ("web", 22), ("letter", 5), ("in-person", 5), ("social-media", 5), ("representative", 8),
    ]

    static let categories: [(String, Int)] = [
        ("repairs", 34), ("damp-mould", 24), ("anti-social-behaviour", 8), ("staff-conduct", 5), ("communication", 14),
        ("rent-service-charges", 5), ("tenancy-management", 4), ("safeguarding-response", 2), ("neighbourhood", 3), ("other", 1),
    ]

    /// What a complainant writes, by category.
    static let summaries: [String: String] = [
        "repairs": "Reported a leaking roof three times since October; the operative did not turn up twice and the ceiling is now stained.",
        "damp-mould": "Black mould in the children's bedroom and bathroom keeps coming back after the mould wash; my son's asthma is worse.",
        "anti-social-behaviour": "Neighbours play loud music every night and nothing has happened since I reported it in the summer.",
        "staff-conduct": "The officer who visited was rude and would not listen to what I was saying.",
        "communication": "Nobody calls back when promised and I have to repeat my story every time I ring.",
        "rent-service-charges": "My service charge has gone up without explanation and I was charged twice this month.",
        "tenancy-management": "I asked for a transfer a year ago and have heard nothing since.",
        "safeguarding-response": "I reported that my neighbour was being exploited and did not hear anything back for weeks.",
        "neighbourhood": "Fly-tipping behind the block has not been cleared and there are rats.",
    ]

    static func summary(for category: String) -> String {
        summaries[category] ?? "I am unhappy with how my enquiry was handled."
    }

    /// What complainants often add.
    static let context = [
        "This has been going on since the winter.",
        "I have taken time off work for three appointments that nobody came to.",
        "My neighbour has the same problem and was told the same thing.",
        "I have attached photos and the reference numbers of my earlier calls.",
        "I am disabled and this is making my health worse.",
        "I have lived here for twelve years and never complained before.",
    ]

    static let outcomesSought = [
        "Fix the problem properly this time and give a date.",
        "An apology and compensation for the damaged carpets.",
        "A manager to call me back.",
        "Move us to a property without damp.",
        "Refund of the overcharged amount.",
        "Make sure this does not happen to anyone else.",
    ]

    static let extensionReasons = [
        "Awaiting the damp survey report from the contractor",
        "Complainant asked for more time to send photographs",
        "Need to interview staff who are on leave",
        "Waiting for the repairs contractor's job history",
        "Complex complaint covering several service areas",
    ]

    static func reasons(for decision: String, variant: Int) -> String {
        switch (decision, variant % 3) {
        case ("upheld", 0): "We did not complete the repair within our published timescales and did not keep you informed of the delays. We are sorry, and we have set out below what we will do to put this right."
        case ("upheld", 1): "Our records confirm that you reported the problem several times and that we closed the job without fixing it. This fell short of the service you should expect from us."
        case ("upheld", _): "We agree that our communication was poor: call-backs were promised and not made, and you had to chase us for answers. We have discussed this with the team involved."
        case ("partly-upheld", 0): "We should have called you back as promised, but the repair itself was completed as soon as the parts were available from the supplier."
        case ("partly-upheld", 1): "The first appointment was missed by our contractor and we apologise for that, but the later delay was caused by access not being available on two occasions."
        case ("partly-upheld", _): "We accept that the mould treatment did not solve the problem, but the survey found condensation as the main cause, and we have given advice and fitted a new extractor fan."
        case (_, 0): "Our records show the appointments were kept and the work was completed to the required standard, and the inspection afterwards found no defects."
        case (_, 1): "Having reviewed the tenancy file and spoken to the staff involved, we found that the correct procedure was followed at each stage."
        default: "The charges were calculated correctly under the terms of your tenancy agreement, and a full breakdown is attached to this letter."
        }
    }

    static let escalationReasons = [
        "Complainant unhappy that the repair is still outstanding.",
        "Complainant feels the compensation offered does not reflect the distress caused.",
        "Complainant disputes our account of the appointments.",
        "No contact since the stage 1 response despite promises.",
    ]

    static let withdrawalReasons = [
        "Complainant says the matter is now resolved.",
        "Complainant moved away and no longer wishes to pursue it.",
        "Complainant would rather deal with it through the repairs team.",
    ]

    static let duplicateReason = "Duplicate of an existing complaint."

    static let learning: [(youSaid: String, weDid: String, serviceArea: String)] = [
        ("You said you had to chase us several times about mould in your home.",
         "We now book a damp and mould survey within 10 working days of any report and call you within 2 days.", "damp and mould"),
        ("You said operatives did not turn up for booked repairs.",
         "Our contractor now texts a two-hour arrival window on the morning of the appointment.", "repairs"),
        ("You said nobody called you back when promised.",
         "Every call-back is now logged with a due time and reported to team leaders daily.", "customer contact"),
        ("You said you had to repeat your story to different officers.",
         "Case notes are now visible to every officer who answers your call.", "customer contact"),
        ("You said we did not act on reports of noise.",
         "We now agree an action plan with you within 5 working days of an anti-social behaviour report.", "neighbourhoods"),
        ("You said your service charge letter was hard to understand.",
         "We have rewritten the annual letter with a plain breakdown of each charge.", "income"),
        ("You said the officer who visited did not listen to you.",
         "Every officer who visits homes has had listening and customer care training this year.", "housing management"),
        ("You said your transfer request disappeared without a word.",
         "Every transfer request now gets a written reply within 10 working days saying where it stands.", "lettings"),
        ("You said you heard nothing after reporting a concern about a neighbour.",
         "Whoever reports a concern is now told within 2 working days that it has been passed on.", "safeguarding"),
    ]

    /// The lessons (places in `learning`) that fit a complaint of each category, so that "You
    /// said, we did" pairs a theme with a change about it.
    static let learningByCategory: [String: [Int]] = [
        "damp-mould": [0], "repairs": [1], "communication": [2, 3], "anti-social-behaviour": [4], "neighbourhood": [4],
        "rent-service-charges": [5], "staff-conduct": [6, 3], "tenancy-management": [7], "safeguarding-response": [8],
    ]

    /// The lessons that fit a complaint of `categories` (every lesson when none does).
    static func lessons(for categories: [String]) -> [(youSaid: String, weDid: String, serviceArea: String)] {
        let places = categories.flatMap { learningByCategory[$0] ?? [] }
        return places.isEmpty ? learning : places.map { learning[$0] }
    }

    static let notes = [
        "Called the complainant to discuss the complaint and agree the issues to be investigated.",
        "Requested the full repair history for the address from the contractor.",
        "Photos of the mould in the bedroom and bathroom received by email and added to the file.",
        "Manager reviewed the draft response and asked for the compensation calculation to be shown.",
        "Complainant called for an update; explained the timescale and when to expect the response.",
        "Surveyor's report received: condensation and a defective extractor fan are the cause.",
        "Spoke to the repairs operative who attended; his account matches the job notes.",
    ]
}
