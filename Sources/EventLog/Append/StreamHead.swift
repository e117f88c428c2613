/// Where a stream stands: its number, version, first and last positions, and the small state
/// that the layers above keep with it (for example what a case's lifecycle allows next), so
/// that validating an event never replays its stream.
public struct StreamHead: Sendable, Equatable {
    /// The stream's name.
    public let name: String
    /// The store's number for the stream (from 1), used in record headers and the index.
    public let number: UInt64
    /// The current version: the number of events in the stream.
    public internal(set) var version: UInt64
    /// Position of the stream's first event.
    public let firstPosition: UInt64
    /// Position of the stream's last event.
    public internal(set) var lastPosition: UInt64
    /// State owned by the layers above; opaque to the log. Empty until they set it.
    public var state: [UInt8]

    /// Encoded as the value of the `streams` database (docs/FORMAT.md).
    func encoded() -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(32 + state.count)
        for value in [number, version, firstPosition, lastPosition] {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        bytes.append(contentsOf: state)
        return bytes
    }

    /// Decodes a value of the `streams` database; nil when it is too short to be one.
    init?(name: String, encoded bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 32 else { return nil }
        func word(_ index: Int) -> UInt64 {
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
        }
        self.name = name
        number = word(0)
        version = word(1)
        firstPosition = word(2)
        lastPosition = word(3)
        state = Array(bytes[32...])
    }

    init(name: String, number: UInt64, version: UInt64, firstPosition: UInt64, lastPosition: UInt64, state: [UInt8]) {
        self.name = name
        self.number = number
        self.version = version
        self.firstPosition = firstPosition
        self.lastPosition = lastPosition
        self.state = state
    }
}
