import Casework
#if canImport(EventLog)
import EventLog
#endif

/// A realistic, deterministic history of a mid-sized housing association: subjects, tenancy
/// support, safeguarding, complaints and panel reviews, every event valid under DOMAIN.md.
///
/// The history is generated lazily, in `recordedAt` order (the order a store would append it), and
/// stops after exactly `configuration.events` events. Any prefix is itself a valid history: it may
/// end with cases still open, never with a reference to something not yet emitted. The same
/// configuration always gives the same events, ids included.
///
/// Cost: about 2.5 µs per event in a release build (1,000,000 events in under 3 seconds); memory
/// is bounded by the cases open at once (about 1,500 waiting cases and events for 12,000 homes,
/// a few megabytes), not by the number of events. About 43,000 events make a simulated year for
/// 12,000 homes, so 1,000,000 events span about 23 years; bank holidays past the published years
/// come from the rules that make them.
///
/// ```swift
/// var configuration = SampleHistory.Configuration()
/// configuration.events = 200_000
/// for event in SampleHistory(configuration) { print(event.jsonLine) }
/// ```
public struct SampleHistory: Sequence, Sendable {
    /// What to generate.
    public struct Configuration: Sendable {
        /// Seeds every random choice: the same seed gives the same history.
        public var seed: UInt64 = 1
        /// How many events to generate.
        public var events: Int = 5_000
        /// When the simulated history begins (2024-01-02T08:00:00Z unless set).
        public var start: Timestamp = Timestamp(microseconds: 1_704_182_400_000_000)
        /// The number of homes the organisation manages: arrival rates are in proportion to it
        /// (a history of a given length spans less time for a larger organisation). Fewer than
        /// 500 homes count as 500.
        public var homes: Int = 12_000

        static let minimumHomes = 500

        /// The defaults: seed 1, 5,000 events from 2024-01-02T08:00:00Z, 12,000 homes.
        public init() {}
    }

    /// The configuration this history generates.
    public let configuration: Configuration

    /// A history for `configuration`; nothing is generated until it is iterated.
    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// Generates the events one at a time.
    public struct Iterator: IteratorProtocol {
        let simulator: SampleSimulator
        private var remaining: Int

        init(_ configuration: Configuration) {
            simulator = SampleSimulator(configuration)
            remaining = Swift.max(0, configuration.events)
        }

        /// The next event, or nil once `configuration.events` have been produced.
        public mutating func next() -> SampleEvent? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            return simulator.nextEvent()
        }
    }

    /// Starts generating from the beginning.
    public func makeIterator() -> Iterator {
        Iterator(configuration)
    }

    /// Exactly `configuration.events`.
    public var underestimatedCount: Int { Swift.max(0, configuration.events) }
}
