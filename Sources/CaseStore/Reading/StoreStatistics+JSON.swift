import Codec
import EventLog

extension StoreStatistics {
    /// The statistics as one JSON object and a newline (`caselog stats --format json`), naming
    /// the store as `storePath`.
    public func json(storePath: String) -> [UInt8] {
        var json = JSONWriter(capacity: 512)
        json.beginObject()
        json.key("store"); json.string(storePath)
        json.key("formatVersion"); json.integer(Int64(formatVersion))
        json.key("events"); json.integer(Int64(events))
        json.key("streams"); json.integer(Int64(streams))
        json.key("personalSections"); json.integer(Int64(personalSections))
        json.key("headPosition"); json.unsigned(head.position)
        json.key("headHash"); json.string(head.hash.description)
        json.key("fileBytes"); json.integer(Int64(fileSize))
        json.key("usedBytes"); json.integer(Int64(usedSize))
        json.key("mapBytes"); json.integer(Int64(mapSize))
        json.key("storeId"); json.string(storeID.description)
        json.key("createdAt"); json.string(createdAt.iso8601)
        json.key("readers"); json.integer(Int64(readers))
        json.key("staleReadersCleared"); json.integer(Int64(staleReadersCleared))
        json.endObject()
        json.bytes.append(0x0A)
        return json.bytes
    }
}
