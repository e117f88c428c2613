import Casework
/// The fixed lists that sample people, places and staff are drawn from. Every name and address is
/// made up; phone numbers are in Ofcom's ranges reserved for drama and emails use example domains.
enum SampleVocabulary {
    static let givenNames = [
        "Amira", "Daniel", "Olivia", "Mohammed", "Grace", "Jack", "Aisha", "Liam", "Chloe", "Tariq",
        "Sophie", "Kwame", "Emily", "Hassan", "Megan", "Tomasz", "Hannah", "Ravi", "Jessica", "Callum",
        "Fatima", "Ryan", "Zainab", "Connor", "Niamh", "Yusuf", "Lauren", "Kieran", "Priya", "Jordan",
        "Shauna", "Marek", "Leanne", "Imran", "Bethany", "Dylan", "Agnieszka", "Lewis", "Nadia", "Reece",
        "Sandra", "Peter", "Margaret", "Kenneth", "Patricia", "Derek", "Janet", "Trevor", "Maureen", "Brian",
        "Ayesha", "Samuel", "Chipo", "Ahmed", "Kerry", "Stephen", "Joanne", "Abdul", "Tracey", "Mark",
        "Elif", "Oluwaseun", "Rhiannon", "Gareth", "Ioana", "Bilal", "Stacey", "Darren", "Halima", "Craig",
    ]

    static let childNames = [
        "Maya", "Noah", "Ava", "Zayn", "Isla", "Leo", "Amelia", "Musa", "Freya", "Oscar",
        "Lily", "Ibrahim", "Evie", "Harrison", "Aaliyah", "Mason", "Ruby", "Kai", "Poppy", "Adam",
    ]

    static let familyNames = [
        "Okafor", "Patel", "Wright", "Begum", "Kowalski", "Hughes", "Campbell", "Nwosu", "Murphy", "Ahmed",
        "Clarke", "Singh", "Evans", "Hussain", "Thompson", "Odhiambo", "Walsh", "Malik", "Jones", "Novak",
        "Turner", "Chen", "Robertson", "Mensah", "Baxter", "Smith", "Brown", "Wilson", "Taylor", "Khan",
        "Ali", "Davies", "O'Connor", "Walker", "Robinson", "Wood", "Mahmood", "Holmes", "Shaw", "Lewandowski",
        "Kaur", "Bailey", "Mitchell", "Iqbal", "Fletcher", "Horvat", "Asante", "Popescu", "Dixon", "Sutcliffe",
        "Akhtar", "Hardcastle", "Mbeki", "Lindqvist", "Gallagher", "Rashid", "Pearson", "Ackroyd", "Nowak", "Adeyemi",
    ]

    /// Towns of a Yorkshire housing association, with their postcode area and districts.
    static let towns: [(town: String, area: String, districts: ClosedRange<Int>)] = [
        ("Leeds", "LS", 1...29), ("Bradford", "BD", 1...18), ("Wakefield", "WF", 1...6),
        ("Huddersfield", "HD", 1...8), ("Halifax", "HX", 1...6), ("Dewsbury", "WF", 12...13),
        ("Keighley", "BD", 20...22), ("Castleford", "WF", 10...10), ("Pontefract", "WF", 8...9),
    ]

    static let townWeights = [34, 22, 12, 10, 8, 5, 4, 3, 2]

    static let streetNames = [
        "Alder", "Beech", "Rowan", "Hawthorn", "Sycamore", "Willow", "Elm", "Larch", "Hazel", "Birch",
        "Chestnut", "Holly", "Juniper", "Maple", "Aspen", "Laburnum", "Poplar", "Cedar", "Linden", "Yew",
        "Moorside", "Mill", "Station", "Chapel", "Church", "Victoria", "Albert", "Park", "Bank", "Wharf",
        "Canal", "Foundry", "Weavers", "Spinners", "Quarry", "Hillside", "Brook", "Ings", "Fold", "Low",
    ]

    static let streetKinds = [
        "Road", "Street", "Close", "Avenue", "Grove", "Way", "Crescent", "Terrace", "Lane", "Drive",
        "Place", "Walk", "Mount", "View", "Gardens", "Rise",
    ]

    static let blockNames = ["Court", "House", "Heights", "Mews", "Lodge"]

    static let postcodeLetters = Array("ABDEFGHJLNPQRSTUWXYZ").map(String.init)

    static let emailDomains = ["example.com", "example.org", "example.net"]

    /// Tenancy support officers.
    static let supportWorkers = [
        "j.okafor", "s.patel", "m.wright", "a.begum", "d.kowalski", "l.hughes", "r.campbell",
        "k.nwosu", "e.murphy", "t.ahmed", "h.clarke",
    ]

    /// Safeguarding leads.
    static let safeguardingWorkers = ["p.singh", "c.evans", "n.hussain", "g.thompson", "b.odhiambo"]

    /// The complaints team.
    static let complaintWorkers = ["f.walsh", "z.malik", "o.jones", "v.novak", "w.turner", "y.chen"]

    /// Managers who chair panel reviews and own recommendations and learning.
    static let managers = ["i.robertson", "s.mensah", "l.baxter", "r.ackroyd"]

    static let supportNeeds: [(String, Int)] = [
        ("mobility", 8), ("sight", 2), ("hearing", 3), ("learning-disability", 3),
        ("mental-health", 9), ("language", 4), ("other", 2),
    ]
}
