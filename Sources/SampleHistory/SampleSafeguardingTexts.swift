import Casework
/// What safeguarding leads write: concerns, triage rationales, meetings, actions.
enum SampleSafeguardingTexts {
    static let adultCategories: [(String, Int)] = [
        ("self-neglect", 18), ("neglect-omission", 10), ("financial-material", 12), ("psychological", 12),
        ("domestic", 14), ("physical", 10), ("sexual", 3), ("modern-slavery", 1), ("discriminatory", 2),
        ("organisational", 2),
    ]

    static let childCategories: [(String, Int)] = [
        ("child-neglect", 40), ("child-physical", 15), ("child-sexual", 5), ("child-emotional", 25), ("domestic", 15),
    ]

    static let raisedBy: [(String, Int)] = [
        ("housing officer", 25), ("repairs operative", 12), ("neighbour", 12), ("tenancy support officer", 15),
        ("police", 8), ("GP", 4), ("adult social care", 5), ("anonymous caller", 6), ("family member", 7),
        ("caretaker", 4), ("school", 2),
    ]

    static let locations: [(String, Int)] = [
        ("own-home", 65), ("communal-area", 10), ("community", 15), ("care-setting", 4), ("other", 6),
    ]

    static func description(for category: String) -> String {
        switch category {
        case "self-neglect": "Flat found in very poor condition; no heating, little food and the tenant appeared unkempt and confused."
        case "neglect-omission": "Carer has not been visiting as arranged and the tenant was found without medication."
        case "financial-material": "Tenant says a relative has taken their bank card and the rent has not been paid for two months."
        case "psychological": "Neighbour heard shouting and threats directed at the tenant over several evenings."
        case "domestic": "Tenant disclosed that their partner controls the money and has stopped them seeing friends."
        case "physical": "Operative noticed bruising on the tenant's arms; tenant said they had fallen."
        case "sexual": "Tenant disclosed an assault by a visitor to the building."
        case "modern-slavery": "Several adults appear to be living at the property and are collected by van early each morning."
        case "discriminatory": "Tenant reports repeated racist abuse from people in the communal area."
        case "organisational": "Concerns about the standard of care at the supported housing scheme."
        case "child-neglect": "Children seen at the window late at night with no adult present; the home smells of damp and rubbish."
        case "child-physical": "Child at the property had a black eye and said a parent had hit them."
        case "child-sexual": "School raised a concern after a disclosure by a child living at the address."
        case "child-emotional": "Repeated shouting heard from the flat and a child seen crying on the stairs."
        default: "Concern raised after a home visit."
        }
    }

    /// Background that the person raising a concern often adds.
    static let context = [
        "The concern was raised after a routine gas safety visit.",
        "Neighbours say this has been going on for several weeks.",
        "The tenant is already known to adult social care.",
        "The tenant was reluctant to talk while a visitor was present.",
        "This is the second concern about this address in six months.",
        "The tenant has a learning disability and a support worker who visits weekly.",
        "A repairs operative noticed it while fixing the boiler and reported it the same day.",
    ]

    /// Why a triage decision was made.
    static func rationales(for decision: String) -> [String] {
        switch decision {
        case "no-further-action": [
            "Low risk after speaking to the tenant and their family; no further action is needed from us.",
            "The visitor turned out to be a carer arranged by the family, so there is no safeguarding concern.",
            "Tenant has capacity, understands the risks and does not want any involvement from us or others.",
        ]
        case "internal-support": [
            "Concern is about living conditions rather than abuse, so support through the tenancy team is proportionate.",
            "Tenant has capacity and does not want a referral; support can be offered by the tenancy team instead.",
            "Risk can be managed with weekly contact and practical help at home, reviewed after a month.",
        ]
        case "refer-local-authority": [
            "Adult has care and support needs and is unable to protect themselves, so the section 42 threshold is met.",
            "Possible financial abuse by a family member; referral to adult social care for an enquiry.",
            "Child may be at risk of significant harm, so a referral to children's social care is needed.",
        ]
        case "refer-police": [
            "Immediate risk to life; police notified and an urgent welfare check requested.",
            "A crime may have been committed, so the police were informed with the tenant's knowledge.",
            "Information suggests a pattern of coercive control; the DASH risk assessment came out as high risk.",
        ]
        default: [
            "Health needs are the main concern, so a referral to the community mental health team is the right route.",
            "Specialist support is needed from the drug and alcohol service, which the tenant agreed to.",
        ]
        }
    }

    /// What else a triage rationale often notes.
    static let rationaleContext = [
        "The tenant's views were sought before the decision was made.",
        "Previous concerns about the address were taken into account.",
        "Decision discussed with the safeguarding manager, who agreed.",
        "The tenant consented to information being shared.",
    ]

    static let wishes = [
        "Wants to stay in their home and does not want the police involved.",
        "Would like the relative to stop visiting.",
        "Wants help to manage money and pay off the arrears.",
        "Wants to feel safe walking through the estate.",
        "Would like a move to a different area away from the ex-partner.",
        "Did not want to talk about it today but agreed to a follow-up call.",
    ]

    static let outcomesWanted = [
        "To feel safe at home.",
        "To be left alone by the people who have been coming round.",
        "To get the flat back to how it was.",
        "To keep their independence.",
        "For the children to stay with them.",
    ]

    static let attendees = [
        "housing safeguarding lead", "adult social care", "police", "community mental health team", "GP",
        "tenancy support officer", "IDVA", "children's social care", "housing officer",
    ]

    static let meetingDecisions = [
        "Section 42 enquiry to proceed; housing to arrange a joint visit and share the tenancy history.",
        "Police to lead; housing to fit a door camera and review the tenancy risk assessment.",
        "Referral to MARAC agreed; safety plan to be reviewed weekly.",
        "Capacity assessment to be arranged by the GP before any decision about a move.",
        "No criminal investigation; multi-agency support plan agreed with the tenant.",
    ]

    static let actions = [
        "Arrange a joint visit with adult social care to see the tenant at home and agree a support plan.",
        "Fit an additional door lock and a video doorbell, and check with the tenant that they know how to use them.",
        "Share the tenancy history and the chronology of contacts with the local authority enquiry officer.",
        "Complete the safeguarding risk assessment and update the tenancy file and the alerts on the system.",
        "Refer the tenant to the IDVA service and agree a safe way and time to contact them.",
        "Arrange a welfare check with the police community support officer and report back the same day.",
        "Review the CCTV for the communal area for the dates given and pass anything relevant to the police.",
        "Set up a weekly phone call with the tenant for the next six weeks and record each call.",
        "Ask the GP for a mental capacity assessment about managing money and the tenancy.",
        "Refer for a deep clean and pest control, and arrange for the tenant to stay with family while it is done.",
    ]

    static let evidence = [
        "Joint visit completed with the social worker; notes and the agreed plan are on the tenancy file.",
        "Lock and video doorbell fitted by the repairs team, and the tenant was shown how to use them.",
        "Information shared by secure email with the tenant's consent; receipt confirmed by the enquiry officer.",
        "Risk assessment completed, uploaded to the case file and alert added to the tenancy record.",
        "Referral accepted by the service and first contact made with the tenant.",
        "Tenant seen at home and safe; no further concerns at this time.",
    ]

    static let notes = [
        "Left a message for the allocated social worker asking for an update on the enquiry.",
        "Police confirmed the welfare check was done last night and the tenant is safe.",
        "Tenant rang to say things are calmer at home and thanked us for the support.",
        "Discussed the case with the safeguarding manager and agreed the approach for the next visit.",
        "Chased adult social care for an update; enquiry officer now allocated.",
        "Housing officer visited with the police community support officer; no one answered the door.",
        "Shared the chronology with the local authority by secure email.",
        "Tenant's sister called with more information about the visitors to the flat.",
    ]
}
