import Casework
import Codec
import EventLog

extension CaseStore {
    /// Writes the log from position `from` as event lines (docs/FORMAT.md §7), in chunks of
    /// about 256 KiB handed to `write`: with each record's personal section unless
    /// `includingPersonal` is false (the lines then cannot restore a store).
    ///
    /// Cost: one read of the log in one snapshot; memory is one chunk.
    public func exportLines(from: UInt64 = 1, includingPersonal: Bool = true, write: ([UInt8]) throws -> Void) throws {
        var json = JSONWriter(capacity: 1 << 20)
        try log.read { reader in
            try reader.scan(from: from) { record in
                if includingPersonal {
                    let personal = record.hasPersonalData ? try reader.personalData(at: record.position) : nil
                    try EventLineWriter.write(record, personal: personal, into: &json)
                } else {
                    try PersonalFieldFilter.withNonPersonalData(of: record, in: reader) { data in
                        try EventLineWriter.write(record, personal: nil, data: data, into: &json)
                    }
                }
                json.bytes.append(0x0A)
                if json.bytes.count >= 256 << 10 {
                    try write(json.bytes)
                    json.removeAll()
                }
            }
        }
        try write(json.bytes)
    }
}
