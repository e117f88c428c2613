import Codec
import EventLog
/// Writes records as event lines, the form `caselog export` prints: the import fields plus
/// position, version, recordedAt, actor and hash, so that exporting and importing into an
/// empty store gives the same chain.
public enum EventLineWriter {
    /// Appends one line (without the line break) for `record` to `json`.
    ///
    /// - Parameters:
    ///   - personal: the record's personal-data section, when it is to be included.
    ///   - data: the data map to write instead of the record's own: for a line without personal
    ///     data, the record's without the fields the catalogue marks personal (`PersonalFieldFilter`).
    /// - Throws: `StoreError.corrupted` naming the position when the stored data is not valid
    ///   CBOR (a damaged store; `json` is then left part-written).
    public static func write(_ record: RecordView, personal: PersonalSectionView?, data: CBORView? = nil,
                             into json: inout JSONWriter) throws {
        do {
            try writeObject(record, personal: personal, data: data, into: &json)
        } catch let error as CBORError {
            throw StoreError.corrupted(position: record.position, reason: "its stored data is not valid CBOR (\(error)); run caselog verify")
        }
    }

    private static func writeObject(_ record: RecordView, personal: PersonalSectionView?, data: CBORView?,
                                    into json: inout JSONWriter) throws {
        json.beginObject()
        json.key("position")
        json.unsigned(record.position)
        json.key("case")
        json.string(bytes: record.streamBytes)
        json.key("version")
        json.unsigned(record.version)
        json.key("type")
        json.string(bytes: record.typeBytes)
        json.key("occurredAt")
        json.string(record.occurredAt.iso8601)
        json.key("recordedAt")
        json.string(record.recordedAt.iso8601)
        json.key("actor")
        json.string(bytes: record.actorBytes)
        json.key("id")
        json.string(record.eventID.description)
        if let correlation = record.correlationID {
            json.key("correlationId")
            json.string(correlation.description)
        }
        if let causation = record.causationID {
            json.key("causationId")
            json.string(causation.description)
        }
        json.key("data")
        try json.cbor((data ?? record.data).bytes)
        if let personal, personal.isWellFormed {
            json.key("personal")
            try json.cbor(personal.fieldBytes)
            json.key("personalSalt")
            json.string(hex(personal.salt))
        } else if personal != nil {
            // Erased, or encrypted without its key here: said, so that no reader takes the
            // line for one without personal data.
            json.key("personalErased")
            json.bool(true)
        }
        json.key("hash")
        json.string(ChainHash(bytes: record.hash)?.description ?? "")
        json.endObject()
    }

    static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
