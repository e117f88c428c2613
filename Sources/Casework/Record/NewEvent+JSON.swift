import Codec
import EventLog

extension NewEvent {
    /// The event as an event line (docs/FORMAT.md §7) without the store's own fields
    /// (`position`, `version`, `recordedAt`, `actor`, `hash`): what a client posts to
    /// `POST /v1/events` for a server to record. Its fields all go in `data`; the server's
    /// catalogue routes the personal ones, as a local record does.
    public func jsonLine() -> [UInt8] {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("type")
        json.string(type)
        if let caseReference {
            json.key("case")
            json.string(caseReference)
        }
        json.key("occurredAt")
        json.string(occurredAt.iso8601)
        if let expectedVersion {
            json.key("expectedVersion")
            json.integer(Int64(clamping: expectedVersion))
        }
        for (key, value) in [("id", id), ("correlationId", correlationID), ("causationId", causationID)] {
            guard let value else { continue }
            json.key(key)
            json.string(value.description)
        }
        json.key("data")
        let data = encodedFields
        // The fields are deterministic CBOR made here: they read back as JSON.
        data.withUnsafeBytes { bytes in
            do throws(CBORError) { try json.cbor(bytes) } catch { preconditionFailure("the fields are CBOR made by CBORWriter: \(error)") }
        }
        json.endObject()
        return json.bytes
    }
}
