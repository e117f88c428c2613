import EventLog

/// The ids of import lines that give none: SHA-256 of the line's content and of how many
/// identical lines came before it in the input, so that re-running the same input gives the
/// same ids (and adds nothing twice, even after a crash).
///
/// The seed is `caselog-import-v1` 0x00 stream 0x00 type 0x00 occurredAt (µs, 8 bytes
/// little-endian) data 0x00 personal occurrence (4 bytes little-endian), where the stream is
/// empty for an opening event given without a reference (another run would allocate it a
/// different one). Changing it would make a re-run import of an old file add its events again.
struct DerivedEventIDs {
    private var issued: Set<EventID> = []
    private var seed: [UInt8] = []
    private let hasher = SHA256()

    /// The id of the next line with this content.
    mutating func next(stream: String, type: String, occurredAt: Timestamp, data: [UInt8], personal: [UInt8]?) -> EventID {
        var occurrence: UInt32 = 0
        while true {
            seed.removeAll(keepingCapacity: true)
            seed.append(contentsOf: "caselog-import-v1".utf8)
            seed.append(0)
            seed.append(contentsOf: stream.utf8)
            seed.append(0)
            seed.append(contentsOf: type.utf8)
            seed.append(0)
            withUnsafeBytes(of: occurredAt.microseconds.littleEndian) { seed.append(contentsOf: $0) }
            seed.append(contentsOf: data)
            seed.append(0)
            seed.append(contentsOf: personal ?? [])
            withUnsafeBytes(of: occurrence.littleEndian) { seed.append(contentsOf: $0) }
            let id = seed.withUnsafeBytes { EventID(hashing: $0, using: hasher) }
            if issued.insert(id).inserted { return id }
            occurrence += 1
        }
    }
}
