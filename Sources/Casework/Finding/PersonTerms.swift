
/// The values a subject is found by (DOMAIN.md §13, "Finding people"), normalised so that what a
/// user types matches what was recorded however it was spelt: the terms the blind index in the
/// key store keeps as HMACs (`KeyStore.applyBlindChanges`), and that a search looks up.
///
/// - **name** (`name`): letters with accents lose them (each letter's canonical decomposition,
///   then combining diacritical marks dropped: "É" is "e"), lower case, a few letters that have no
///   decomposition but are written without their stroke in English records folded too (ß ss,
///   æ ae, œ oe, ø o, ł l, đ d, ð d, þ th, ı i); apostrophes dropped ("O'Brien" is "obrien");
///   every other character that is not a letter or a digit (hyphens, dots, commas, spaces) is
///   one space, and spaces are collapsed and trimmed ("Smith-Jones" is "smith jones").
/// - **date of birth** (`dob`): the ISO date, YYYY-MM-DD.
/// - **postcode** (`postcode`): a UK postcode, upper case, without spaces ("LS29 9LJ" is
///   "LS299LJ"); a subject's is the last postcode found in its free-text `address`.
public enum PersonTerms {
    /// The criterion of a name.
    public static let name = "name"
    /// The criterion of a date of birth.
    public static let dateOfBirth = "dob"
    /// The criterion of a postcode.
    public static let postcode = "postcode"

    /// The criteria a likely duplicate shares with a subject being registered (DOMAIN.md §13).
    public static let duplicateCriteria = [name, dateOfBirth]

    /// `text` as a name normalised; nil when nothing of it is a letter or a digit.
    public static func normalisedName(_ text: String) -> String? {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        func append(_ scalar: Unicode.Scalar) {
            if pendingSpace && !scalars.isEmpty { scalars.append(" ") }
            pendingSpace = false
            scalars.append(scalar)
        }
        for scalar in text.unicodeScalars {
            let base = Self.base(of: scalar)
            if isDiacritic(base) || apostrophes.contains(base) { continue }
            guard isLetterOrDigit(base) else {
                pendingSpace = true
                continue
            }
            for lower in base.properties.lowercaseMapping.unicodeScalars {
                let folded = Self.base(of: lower)
                if isDiacritic(folded) { continue }
                if let replacement = folds[folded] {
                    replacement.unicodeScalars.forEach(append)
                } else {
                    append(folded)
                }
            }
        }
        return scalars.isEmpty ? nil : String(scalars)
    }

    /// `text` as a date of birth normalised (YYYY-MM-DD); nil when it is not a date.
    public static func normalisedDate(_ text: String) -> String? {
        CalendarDate(text.trimmingSpaces).map(\.description)
    }

    /// `text` as a postcode normalised, when the whole of it is one UK postcode (spaces
    /// anywhere, any case); nil otherwise.
    public static func normalisedPostcode(_ text: String) -> String? {
        let compact = String(text.uppercased().unicodeScalars.filter { $0 != " " })
        return isPostcode(compact) ? compact : nil
    }

    /// The last UK postcode in the free text `address`, normalised; nil when it has none.
    public static func postcode(inAddress address: String) -> String? {
        let tokens = address.uppercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init)
        var found: String?
        for (index, token) in tokens.enumerated() {
            if isPostcode(token) {
                found = token
            } else if index + 1 < tokens.count, isOutward(Substring(token)), isInward(Substring(tokens[index + 1])) {
                found = token + tokens[index + 1]
            }
        }
        return found
    }

    /// The terms of the fields of a `subject.registered` or `subject.details-changed` (the
    /// personal section's `name`, `dateOfBirth`, `address`) that it gives, each normalised:
    /// a criterion whose field is given but yields nothing (an address without a postcode) is nil.
    public static func terms(name: String??, dateOfBirth: String??, address: String??) -> [String: String?] {
        var terms: [String: String?] = [:]
        if let name { terms[Self.name] = name.flatMap(normalisedName) }
        if let dateOfBirth { terms[Self.dateOfBirth] = dateOfBirth.flatMap(normalisedDate) }
        if let address { terms[Self.postcode] = address.flatMap(postcode(inAddress:)) }
        return terms
    }

    // MARK: - Inside

    /// `A9`, `A99`, `AA9`, `AA99`, `A9A`, `AA9A`.
    static func isOutward(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard (2...4).contains(bytes.count) else { return false }
        let letters = bytes.prefix { isUpper($0) }.count
        guard letters == 1 || letters == 2, bytes.count > letters, isDigit(bytes[letters]) else { return false }
        let rest = bytes[(letters + 1)...]
        return rest.count <= 1 && rest.allSatisfy { isDigit($0) || isUpper($0) }
    }

    /// `9AA`.
    static func isInward(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 3 && isDigit(bytes[0]) && isUpper(bytes[1]) && isUpper(bytes[2])
    }

    static func isPostcode(_ compact: String) -> Bool {
        guard (5...7).contains(compact.utf8.count), compact.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        let split = compact.index(compact.endIndex, offsetBy: -3)
        return isOutward(compact[..<split]) && isInward(compact[split...])
    }

    private static func isUpper(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// Apostrophes and the marks typed for them (dropped: "O'Brien", "O’Brien" and "OBrien" are one).
    private static let apostrophes: Set<Unicode.Scalar> = ["\u{27}", "\u{2019}", "\u{2018}", "\u{2BC}", "\u{60}", "\u{B4}"]

    /// Letters without a canonical decomposition, folded as English records write them.
    private static let folds: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ς": "σ",
    ]

    /// The combining diacritical marks (the blocks at U+0300, U+1AB0, U+1DC0, U+20D0, U+FE20).
    private static func isDiacritic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x300...0x36F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F: true
        default: false
        }
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .spacingMark, .nonspacingMark:
            true
        default:
            false
        }
    }

    /// The base letter of `scalar`'s canonical decomposition (`decomposedBases`), or itself.
    static func base(of scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        guard value >= 0xC0 else { return scalar }
        var low = 0, high = decomposedBases.count / 2
        while low < high {
            let middle = (low + high) / 2
            let letter = decomposedBases[2 * middle]
            if letter == value { return Unicode.Scalar(decomposedBases[2 * middle + 1]) ?? scalar }
            if letter < value { low = middle + 1 } else { high = middle }
        }
        return scalar
    }
}

private extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
