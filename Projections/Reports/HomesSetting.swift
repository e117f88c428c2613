import EventLog

/// The number of homes the organisation manages, the denominator of complaints per 1,000 homes
/// (TSM CH01). Kept as the store's `homes` setting, as decimal text (`caselog config set homes N`).
public enum HomesSetting {
    /// The setting's name in the store.
    public static let settingName = "homes"
    /// The most homes accepted: more than any landlord in England manages, so a typo of a few
    /// extra digits is refused.
    public static let most = 10_000_000

    /// The number in `text`, checked: a whole number from 1 to `most`.
    ///
    /// - Throws: `ReportError.invalidHomes`.
    public static func parse(_ text: String) throws -> Int {
        guard let value = Int(text), (1...most).contains(value) else { throw ReportError.invalidHomes(text: text) }
        return value
    }

    /// The store's number of homes; nil when it was never set, or when the stored text is
    /// damaged (a report then says the figure cannot be worked out, as when unset).
    public static func homes(in reader: borrowing LogReader) throws -> Int? {
        guard let bytes = try reader.setting(named: settingName) else { return nil }
        return try? parse(String(decoding: bytes, as: UTF8.self))
    }

    /// The store's number of homes.
    public static func homes(in store: EventStore) throws -> Int? {
        try store.read { try homes(in: $0) }
    }

    /// Saves `homes` (already checked by `parse(_:)`) in one write transaction.
    public static func save(_ homes: Int, into store: EventStore, actor: String) throws {
        try store.write(actor: actor) { writer in
            try writer.saveSetting(Array(String(homes).utf8), named: settingName)
        }
    }
}
