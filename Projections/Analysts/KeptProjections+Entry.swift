import EventLog
import Codec

extension KeptProjections {
    /// One kept projection, as `caselog project list` shows it.
    public struct Entry: Sendable, Codable, Equatable {
        /// The spec's name.
        public var name: String
        /// The spec's title.
        public var title: String
        /// The file it was added from, as given.
        public var path: String
        /// The spec's text as added.
        public var text: String
    }

    /// An entry as it is stored in the `analyst-specs` view: read, and whether it is in the form
    /// a caselog before layout 4 of the state wrote (Foundation's JSON), to be written again.
    struct StoredEntry {
        var entry: Entry
        var isOldForm: Bool

        /// The entry in `row`: a CBOR map with text `name`, `path`, `text` and `title`, or the
        /// same as a JSON object (the old form).
        ///
        /// - Throws: `StoreError.corruptedIndex` when the row is neither, naming the projection
        ///   (`key`, the row's key).
        init(_ row: UnsafeRawBufferPointer, key: String) throws {
            if row.first == UInt8(ascii: "{"), let entry = Self.oldForm(row) {
                self.init(entry: entry, isOldForm: true)
                return
            }
            let map = CBORView(row)
            guard let name = map["name"]?.string, let title = map["title"]?.string,
                  let path = map["path"]?.string, let text = map["text"]?.string
            else {
                throw StoreError.corruptedIndex(reason: "the kept projection \(key) cannot be read (caselog project drop \(key), then add it again)")
            }
            self.init(entry: Entry(name: name, title: title, path: path, text: text), isOldForm: false)
        }

        init(entry: Entry, isOldForm: Bool) {
            self.entry = entry
            self.isOldForm = isOldForm
        }

        /// The entry written by Foundation's `JSONEncoder` (its four keys in any order), or nil.
        static func oldForm(_ row: UnsafeRawBufferPointer) -> Entry? {
            var scanner = JSONScanner(row)
            var fields: [String: String] = [:]
            do {
                try scanner.beginObject()
                while let key = try scanner.nextKey() {
                    fields[String(decoding: key, as: UTF8.self)] = try scanner.readString()
                }
                try scanner.end()
            } catch {
                return nil
            }
            guard let name = fields["name"], let title = fields["title"], let path = fields["path"], let text = fields["text"]
            else { return nil }
            return Entry(name: name, title: title, path: path, text: text)
        }
    }
}

extension KeptProjections.Entry {
    /// The entry as `analyst-specs` stores it: a deterministic CBOR map of its four texts.
    func encoded() -> [UInt8] {
        CBORValue.map(["name": .text(name), "title": .text(title), "path": .text(path), "text": .text(text)]).encoded()
    }
}
