import Casework
import Testing

/// The normalised forms people are found by (DOMAIN.md §13, "Finding people").
@Suite("Normalising names, dates of birth and postcodes")
struct PersonTermsTests {
    @Test("a name loses case, accents, repeated spaces, hyphens and apostrophes", arguments: [
        ("Jane Example", "jane example"),
        ("JANE  Éxample", "jane example"),
        ("  jane\texample ", "jane example"),
        ("Jane E\u{301}xample", "jane example"),            // already decomposed: the mark is dropped
        ("Zoë Smith-Jones", "zoe smith jones"),
        ("Siobhán O'Brien", "siobhan obrien"),
        ("Siobhan O’Brien", "siobhan obrien"),
        ("Łukasz Müller", "lukasz muller"),
        ("Søren Kierkegaard", "soren kierkegaard"),
        ("STRAßE", "strasse"),
        ("Nguyễn Thị Ánh", "nguyen thi anh"),
        ("Dr. J. Example", "dr j example"),
        ("İlkay", "ilkay"),
    ])
    func names(typed: String, normalised: String) {
        #expect(PersonTerms.normalisedName(typed) == normalised)
    }

    @Test("a name with no letter or digit is none")
    func emptyName() {
        #expect(PersonTerms.normalisedName(" - ' ") == nil)
        #expect(PersonTerms.normalisedName("") == nil)
    }

    @Test("a date of birth is the ISO date, or none")
    func dates() {
        #expect(PersonTerms.normalisedDate("1980-02-03") == "1980-02-03")
        #expect(PersonTerms.normalisedDate(" 1980-02-03 ") == "1980-02-03")
        #expect(PersonTerms.normalisedDate("1980-02-30") == nil)
        #expect(PersonTerms.normalisedDate("3/2/1980") == nil)
    }

    @Test("a postcode typed is upper case without spaces; an address gives its last postcode")
    func postcodes() {
        #expect(PersonTerms.normalisedPostcode("LS29 9LJ") == "LS299LJ")
        #expect(PersonTerms.normalisedPostcode("ls299lj") == "LS299LJ")
        #expect(PersonTerms.normalisedPostcode("sw1a 1aa") == "SW1A1AA")
        #expect(PersonTerms.normalisedPostcode("M1 1AE") == "M11AE")
        #expect(PersonTerms.normalisedPostcode("LS29") == nil)
        #expect(PersonTerms.normalisedPostcode("Leeds") == nil)
        #expect(PersonTerms.postcode(inAddress: "12 Acacia Road, Ilkley, West Yorkshire LS29 9LJ") == "LS299LJ")
        #expect(PersonTerms.postcode(inAddress: "Flat 3, 10 Downing St, London sw1a2aa") == "SW1A2AA")
        #expect(PersonTerms.postcode(inAddress: "Flat 9, Juniper Mews, Kettleby") == nil)
    }
}
