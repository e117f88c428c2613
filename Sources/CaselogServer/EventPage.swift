import CaseStore
import Casework
import Codec
import EventLog

/// Events of the log from a position, as the export writes them without personal data
/// (docs/FORMAT.md §7, `EventLineWriter` over `PersonalFieldFilter`, as `exportLines` does):
/// JSON lines for `GET /v1/events`, Server-Sent Events for a subscription.
enum EventPage {
    /// How each event is framed.
    enum Framing {
        /// One JSON line each.
        case lines
        /// `id: POSITION`, `data: LINE` and a blank line each.
        case serverSentEvents
    }

    /// The events from position `first` (at least 1), at most `limit` of them; without the
    /// store's access stream (who read whom, users, token hashes) unless `includingAccess`, and
    /// only the streams `user` may follow when one is given (`StreamVisibility`).
    ///
    /// - Returns: the framed bytes and the last position read (nil when none was), which a
    ///   left-out event moves on too, so that a subscription does not read it again.
    /// - Throws: `StoreError`, `CBORError` for a damaged record.
    static func read(_ store: CaseStore, from first: UInt64, limit: Int, framing: Framing,
                     includingAccess: Bool = true, visibleTo user: AccessUser? = nil, teams: [String: String] = [:]) throws
        -> (bytes: [UInt8], last: UInt64?) {
        var json = JSONWriter(capacity: 4096)
        var last: UInt64?
        let through = first.addingReportingOverflow(UInt64(max(limit, 1)) - 1)
        try store.log.read { reader in
            let access = AccessStream.name.utf8
            var visibility = user.map { StreamVisibility(user: $0, teams: teams) }
            try reader.scan(from: max(first, 1), through: through.overflow ? .max : through.partialValue) { record in
                last = record.position
                if !includingAccess && record.streamBytes.elementsEqual(access) { return }
                if visibility != nil, try !visibility!.admits(record.stream, in: reader) { return }
                if framing == .serverSentEvents { json.raw(Array("id: \(record.position)\ndata: ".utf8)) }
                try PersonalFieldFilter.withNonPersonalData(of: record, in: reader) { data in
                    try EventLineWriter.write(record, personal: nil, data: data, into: &json)
                }
                json.bytes.append(0x0A)
                if framing == .serverSentEvents { json.bytes.append(0x0A) }
            }
        }
        return (json.bytes, last)
    }
}
