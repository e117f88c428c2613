import Casework
/// What tenancy support officers write: referral summaries, visit notes, goals, agencies.
enum SampleTenancyTexts {
    static let sources: [(String, Int)] = [
        ("housing-officer", 40), ("income-team", 20), ("self", 10), ("partner-agency", 15), ("repairs", 8), ("other", 7),
    ]

    static let reasons: [(String, Int)] = [
        ("rent-arrears", 35), ("anti-social-behaviour", 7), ("hoarding", 5), ("property-condition", 8),
        ("mental-health", 20), ("physical-health", 8), ("substance-misuse", 5), ("domestic-abuse", 5),
        ("isolation", 8), ("new-tenancy", 12), ("other", 3),
    ]

    static func summary(for reason: String) -> String {
        switch reason {
        case "rent-arrears": "Arrears have built up since the move to Universal Credit and the tenant is not engaging with the income team."
        case "anti-social-behaviour": "Neighbours report noise and visitors late at night; the tenant says they feel targeted."
        case "hoarding": "Repairs operative could not reach the boiler because of items stored in the hallway and kitchen."
        case "property-condition": "Gas safety check found the property in poor condition with a strong smell of damp."
        case "mental-health": "Tenant told the housing officer they have been struggling since a recent bereavement."
        case "physical-health": "Tenant recently discharged from hospital and finding the stairs difficult."
        case "substance-misuse": "Concerns about alcohol use affecting rent payments and the upkeep of the home."
        case "domestic-abuse": "Tenant disclosed that an ex-partner has been turning up at the property."
        case "isolation": "Older tenant living alone, rarely seen by neighbours, missed the last two appointments."
        case "new-tenancy": "New tenant moved from temporary accommodation with very little furniture."
        default: "Housing officer asked for support after a difficult tenancy visit."
        }
    }

    /// Background that a referrer often adds to the summary.
    static let referralContext = [
        "Tenant lives alone on the second floor and has no family nearby.",
        "Two children in the household, aged 4 and 9, both at the local primary school.",
        "Tenancy started three years ago with no problems until recently.",
        "Tenant has asked for visits by a female worker only.",
        "Previous support from us ended last year with the tenancy sustained.",
        "Tenant's first language is Polish; an interpreter may be needed for the assessment.",
        "Notice seeking possession was served last month.",
        "Tenant works nights, so mornings are the best time to call.",
    ]

    /// Sentences for visit notes: a note is one to three of them.
    static let visitSentences = [
        "Tenant was in and engaged well; we went through the actions from last time and most are done, apart from ringing the energy supplier.",
        "Discussed the rent account and the repayment plan; the tenant has kept to the agreed weekly amount so far and understands what happens if a payment is missed.",
        "Kitchen and hallway are much clearer than at the last visit and the back door can now be opened fully, which the fire risk assessment required.",
        "Tenant says they are sleeping better since the new bedding was delivered and the heating was repaired, and they seemed brighter in themselves.",
        "Helped the tenant complete the Universal Credit change of circumstances online and took a screenshot of the confirmation for the file.",
        "Tested both smoke alarms and the carbon monoxide alarm in the hall; all working, and the tenant was shown how to test them each month.",
        "Tenant was low in mood and talked a lot about money worries and not sleeping; agreed that we will ring the GP together at the next visit.",
        "Black mould has come back on the bathroom ceiling and around the bedroom window, so I took photos and raised a repair for a mould wash and a survey.",
        "Gas and electricity meters were both on emergency credit, so we topped them up with a fuel voucher during the visit and talked about the warm home discount.",
        "Tenant has started going to the community cafe on Thursday mornings and says it is good to get out of the flat and see other people.",
        "GP appointment is booked for next Tuesday morning and the tenant agreed that I can ring the day before to remind them and arrange a lift.",
        "Went through the budget sheet line by line; the tenant was surprised how much goes on takeaways and taxis and wants to try a weekly shop instead.",
        "Tenant's daughter was present and is now helping with letters and forms; she has asked to be added as a contact on the file, tenant agreed.",
        "There was no food in the flat apart from some bread and tea, so I issued a food bank voucher and arranged for the parcel to be delivered tomorrow.",
        "Tenant said \"things are finally getting on top of me\" and asked for help to sort out the bills, which we started by listing every debt.",
        "Property was tidy and warm today and the tenant was in good spirits, so there are no concerns to report from this visit.",
        "Talked about the noise complaints from the flat upstairs and agreed that visitors will leave before ten at night; I will update the housing officer.",
        "Tenant had not opened any post for several weeks; we sorted it into piles together and dealt with the court letter and the water bill first.",
        "Landline has been disconnected, so the tenant can now only be contacted on their mobile number, which I have updated on the system.",
        "Agreed the next steps and wrote them down on the action sheet, which is now stuck on the fridge where the tenant will see it every day.",
        "Tenant is still waiting for a PIP assessment date and is anxious about the phone interview, so I explained how it works and offered to be there.",
        "The window in the back bedroom does not close properly and there is a cold draught, so a repair was raised during the visit as an urgent job.",
        "Tenant has paid this month's rent in full for the first time since the referral, which is real progress and was praised.",
        "We talked about a possible move to a ground-floor flat because of the stairs, but the tenant wants to stay near family for now.",
        "Tenant did not want to talk much today, said they were tired, and asked me to come back next week instead; we kept the visit short.",
        "Carpet in the living room is worn through by the door and is a trip hazard, so we discussed applying to the furniture and flooring grant.",
        "Neighbour came to the door during the visit and was friendly; the tenant says relations have improved since the mediation meeting.",
        "Checked the fridge and cupboards together and made a shopping list that fits within the weekly budget we agreed last month.",
        "Tenant showed me a letter from the county court; I explained what it means and that we will attend the hearing together with the income officer.",
        "There were several empty bottles in the kitchen and the tenant was open about drinking more since the bereavement; they accepted a referral to the alcohol service.",
        "Tenant has cleared two more bags of rubbish since last week and the pest control visit is booked for Friday morning.",
        "Heating was on but the flat was cold; the radiator in the bedroom needed bleeding, so I showed the tenant how to do it safely.",
        "Tenant was out when I arrived but came back ten minutes later, apologised for the mix-up over the time, and the visit went ahead.",
        "Discussed the tenancy agreement and what the warning letter means if the rubbish in the garden is not cleared by the end of the month.",
        "Tenant asked about the hardship fund for the arrears; I will check whether they qualify and let them know by phone this week.",
    ]

    /// How an officer records the first contact after a referral.
    static let firstContactSentences = [
        "Rang the tenant to introduce the tenancy support service and explain why the referral was made; they were happy to accept support.",
        "First contact by phone: tenant was wary at first but agreed to an assessment visit once I explained that we are not the income team.",
        "Could not reach the tenant by phone, so I sent a text and a letter introducing myself and offering an appointment this week.",
        "Spoke to the referrer to get more background before contacting the tenant, then rang the tenant and booked the assessment.",
        "Tenant rang back after my voicemail; we talked for twenty minutes about what has been happening and agreed a home visit.",
    ]

    /// Sentences for case notes: a note is one to three of them.
    static let caseNoteSentences = [
        "Called the tenant to confirm tomorrow's visit but there was no answer, so I left a voicemail and sent a text with the time.",
        "Spoke to the income officer, who has agreed to put legal action on hold for eight weeks while support is in place and payments are made.",
        "Letter sent to the tenant with the date and time of the next visit, my direct number and the out-of-hours number.",
        "Tenant rang to say the Universal Credit payment has arrived and that they have paid the rent and the gas bill.",
        "Discussed the case in supervision; agreed to continue fortnightly visits and to review the risk level in a month.",
        "Email from the tenant's support worker at the mental health team with an update on the benefit appeal, which is listed for next month.",
        "Repairs confirmed that the mould wash and the new extractor fan are booked for next Wednesday between eight and twelve.",
        "Tenant's son rang with concerns about his parent's memory; I explained what we can and cannot share without the tenant's consent.",
        "Checked the rent account: payments are arriving as agreed and the balance has come down for the third month running.",
        "Text reminder sent about tomorrow's appointment at the office, with directions and the bus route.",
        "Food bank confirmed the parcel was delivered this morning and the tenant was at home to receive it.",
        "Tenant left a message asking for help with a council tax reminder; I will take the forms to the next visit.",
        "Spoke to the GP surgery with the tenant's written consent; the appointment has been moved to Friday afternoon.",
        "Housing officer reports that the garden has been cleared and the neighbour who complained is happy with the result.",
        "No contact for two weeks despite three calls and a letter, so I will try an unannounced visit with the housing officer.",
        "Furniture project confirmed delivery of a bed, a wardrobe and a kitchen table on Monday between nine and one.",
        "Tenant called in distress after an argument with a neighbour; we talked it through on the phone and agreed a plan for the next few days.",
        "Updated the risk assessment after the latest visit; no change to the risk level, next review due at the end of the month.",
        "Case discussed with the anti-social behaviour officer and a joint visit will be arranged in the next fortnight.",
        "Tenant asked for visits to be in the afternoon from now on because of new early shifts at work.",
    ]

    static func goal(for need: String) -> String {
        switch need {
        case "rent-arrears": "Agree an affordable repayment plan and keep to it for three months"
        case "anti-social-behaviour": "No further reports of noise or nuisance from neighbours"
        case "hoarding": "Clear the kitchen and hallway so that both exits are usable"
        case "property-condition": "Allow access for repairs and keep the home free of damp and mould"
        case "mental-health": "Register with a GP and attend the mental health appointment"
        case "physical-health": "Arrange an occupational therapy assessment and aids for the home"
        case "substance-misuse": "Attend the first appointment at the drug and alcohol service"
        case "domestic-abuse": "Complete a safety plan and have the locks changed"
        case "isolation": "Attend a weekly community group"
        case "new-tenancy": "Set up gas, electricity and water accounts and furnish the bedroom"
        default: "Open all post and deal with letters within a week"
        }
    }

    static let supportKinds: [(String, Int)] = [
        ("food-parcel", 22), ("cleaning", 6), ("bedding", 8), ("furniture", 8), ("benefits-advice", 20),
        ("budgeting", 12), ("utility-support", 14), ("other", 5),
    ]

    static let agencies: [(String, Int)] = [
        ("Citizens Advice", 20), ("StepChange Debt Charity", 10), ("Community mental health team", 12),
        ("GP surgery", 8), ("Adult social care", 10), ("Local food bank", 10), ("Drug and alcohol service", 6),
        ("Domestic abuse service", 6), ("Furniture reuse project", 6), ("Welfare rights team", 8),
        ("Occupational therapy", 4),
    ]

    static let referralReasons = [
        "Debts total more than the tenant's annual income and need specialist advice beyond what we can offer",
        "Needs a care and support assessment that we cannot carry out ourselves",
        "Tenant asked for a referral after hearing about the service from a friend",
        "Longer-term support will be needed after our involvement ends",
        "Help with a benefit appeal that is listed for a tribunal hearing",
        "Tenant has no furniture apart from a mattress and a chair",
    ]

    static let reopenReasons = [
        "Tenant asked for help again after receiving a new rent arrears letter from the income team",
        "Housing officer found that the property condition has deteriorated since the case was closed",
        "Tenant lost their job and is struggling to pay the rent and the bills",
        "Reports of noise and visitors late at night have started again",
        "Tenant has been discharged from hospital and needs support to manage at home",
    ]

    static let closingOutcomes: [(String, Int)] = [
        ("tenancy-sustained", 66), ("moved-on-planned", 9), ("tenancy-ended", 5), ("evicted", 3),
        ("disengaged", 12), ("transferred", 5),
    ]
}
