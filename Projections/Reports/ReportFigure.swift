/// One figure of a learning report: a dotted name (`stage1.respondedWithinCode`), a value, the
/// events it counts, and a note when the value needs one (why it is null, what it assumes).
public struct ReportFigure: Sendable, Equatable {
    /// The figure's value and its unit.
    public enum Value: Sendable, Equatable {
        /// A number of events or cases.
        case count(Int)
        /// A percentage, 0–100; nil when the denominator is 0 (or the input is missing).
        case percent(Double?)
        /// An amount of money in pence.
        case pence(Int64)
        /// A duration in hours; nil when nothing was measured.
        case hours(Double?)
        /// A duration in days; nil when nothing was measured.
        case days(Double?)
        /// A rate that is not a percentage (per 1,000 homes); nil when it cannot be worked out.
        case rate(Double?)

        /// The value as a plain number for output; nil for a missing value. Percentages,
        /// durations and rates are rounded to one decimal place.
        public var number: Double? {
            switch self {
            case .count(let value): Double(value)
            case .pence(let value): Double(value)
            case .percent(let value), .hours(let value), .days(let value), .rate(let value):
                value.map { ($0 * 10).rounded() / 10 }
            }
        }

        /// True for a count, the one kind that bar charts draw.
        public var isCount: Bool {
            if case .count = self { return true }
            return false
        }

        /// The value as text: `12`, `83.3%`, `£1,234.50`, `26.5 h`, `4.0 days`, `2.1`, or `—`
        /// when missing.
        public var text: String {
            switch self {
            case .count(let value): return String(value)
            case .pence(let value):
                let pounds = abs(value / 100), pence = abs(value % 100)
                var digits = String(pounds), grouped = ""
                while digits.count > 3 {
                    grouped = "," + digits.suffix(3) + grouped
                    digits.removeLast(3)
                }
                return (value < 0 ? "-£" : "£") + digits + grouped + "." + (pence < 10 ? "0" : "") + String(pence)
            case .percent: return number.map { "\($0)%" } ?? "—"
            case .hours: return number.map { "\($0) h" } ?? "—"
            case .days: return number.map { "\($0) days" } ?? "—"
            case .rate: return number.map { "\($0)" } ?? "—"
            }
        }
    }

    /// The dotted name, stable once shipped: the JSON path of the value.
    public let name: String
    /// The value.
    public let value: Value
    /// The events the figure counts, in log order (for a percentage: those of its numerator;
    /// for a duration: the events that end each measured interval).
    public let events: [TracedEvent]
    /// Why the value is missing, or what it assumes; nil when it needs no note.
    public let note: String?

    /// A figure named `name`; `events` are sorted into log order.
    public init(_ name: String, _ value: Value, events: [TracedEvent] = [], note: String? = nil) {
        self.name = name
        self.value = value
        self.events = events.sorted()
        self.note = note
    }
}
