import Casework
import EventLog

/// The panel pack's visual timeline: an inline SVG with one lane per stream, each entry a mark
/// at its `occurredAt`, late entries drawn with a line to when they were recorded, corrected
/// entries ringed, and gaps shaded across every lane. No scripts and no external references.
enum ReplayTimelineSVG {
    static let width = 1000.0
    static let labelWidth = 194.0
    static let plotStart = 206.0
    static let plotEnd = 980.0
    static let laneHeight = 26.0
    static let top = 34.0

    /// The SVG element for `replay`.
    static func render(_ replay: Replay) -> String {
        let lanes = replay.scope.streams
        let laneIndex = Dictionary(uniqueKeysWithValues: lanes.enumerated().map { ($1.name, $0) })
        let entries = replay.entries
        var instants = entries.map(\.occurredAt.microseconds)
        instants += entries.filter(\.isLate).map(\.recordedAt.microseconds)
        let earliest = instants.min() ?? 0
        let latest = max(instants.max() ?? 0, earliest + 86_400_000_000)
        let padding = (latest - earliest) / 40
        let start = earliest - padding
        let end = latest + padding
        func x(_ instant: Timestamp) -> Double {
            plotStart + (plotEnd - plotStart) * Double(instant.microseconds - start) / Double(end - start)
        }
        func y(_ lane: Int) -> Double { top + Double(lane) * laneHeight + laneHeight / 2 }
        let plotBottom = top + Double(lanes.count) * laneHeight
        let height = plotBottom + 58
        var svg = ["<svg class=\"timeline\" viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"100%\" "
            + "role=\"img\" aria-label=\"Timeline of \(ReplayHTML.escape(replay.scope.reference)), one lane per stream\">"]
        svg.append("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
            + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f3f3f3\"/>"
            + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c8c8c8\" stroke-width=\"2\"/></pattern></defs>")
        for (index, lane) in lanes.enumerated() {
            let laneTop = top + Double(index) * laneHeight
            svg.append("<rect x=\"0\" y=\"\(number(laneTop))\" width=\"\(number(width))\" height=\"\(number(laneHeight))\" "
                + "fill=\"\(index % 2 == 0 ? "#f7f9fb" : "#ffffff")\"/>")
            svg.append("<text x=\"6\" y=\"\(number(y(index) + 4))\" font-size=\"11\" fill=\"\(ReplayHTML.colour(of: lane.role))\" "
                + "font-weight=\"bold\">\(ReplayHTML.escape(lane.name))</text>")
            svg.append("<text x=\"\(number(labelWidth))\" y=\"\(number(y(index) + 4))\" font-size=\"9\" fill=\"#666\" "
                + "text-anchor=\"end\">\(ReplayHTML.escape(lane.role.rawValue))</text>")
        }
        for tick in ticks(from: Timestamp(microseconds: start), to: Timestamp(microseconds: end)) {
            let tickX = number(x(tick.instant))
            svg.append("<line x1=\"\(tickX)\" y1=\"\(number(top - 4))\" x2=\"\(tickX)\" y2=\"\(number(plotBottom))\" "
                + "stroke=\"#d0d5da\" stroke-width=\"0.6\"/>")
            svg.append("<text x=\"\(tickX)\" y=\"\(number(top - 8))\" font-size=\"10\" fill=\"#444\" "
                + "text-anchor=\"middle\">\(tick.label)</text>")
        }
        for (index, entry) in entries.enumerated() where entry.gapDaysBefore != nil && index > 0 {
            let from = x(entries[index - 1].occurredAt)
            let to = x(entry.occurredAt)
            svg.append("<rect class=\"gap\" x=\"\(number(from))\" y=\"\(number(top))\" width=\"\(number(max(to - from, 1)))\" "
                + "height=\"\(number(plotBottom - top))\" fill=\"url(#hatch)\" opacity=\"0.9\"/>")
            svg.append("<text x=\"\(number((from + to) / 2))\" y=\"\(number(plotBottom + 14))\" font-size=\"9\" fill=\"#555\" "
                + "text-anchor=\"middle\">gap \(entry.gapDaysBefore ?? 0) d</text>")
        }
        for entry in entries {
            guard let lane = laneIndex[entry.stream] else { continue }
            let markX = x(entry.occurredAt)
            let markY = y(lane)
            let colour = ReplayHTML.colour(of: lanes[lane].role)
            if entry.isLate {
                let recordedX = x(entry.recordedAt)
                svg.append("<line class=\"late\" x1=\"\(number(markX))\" y1=\"\(number(markY))\" x2=\"\(number(recordedX))\" "
                    + "y2=\"\(number(markY))\" stroke=\"#d9822b\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>")
                svg.append("<line x1=\"\(number(recordedX))\" y1=\"\(number(markY - 6))\" x2=\"\(number(recordedX))\" "
                    + "y2=\"\(number(markY + 6))\" stroke=\"#d9822b\" stroke-width=\"1.5\"/>")
                svg.append("<path d=\"M\(number(markX)) \(number(markY - 6))l6 6l-6 6l-6 -6z\" fill=\"#d9822b\" "
                    + "stroke=\"#7a3e00\" stroke-width=\"0.8\"><title>\(ReplayHTML.escape(title(entry)))</title></path>")
            } else {
                svg.append("<circle cx=\"\(number(markX))\" cy=\"\(number(markY))\" r=\"4.5\" fill=\"\(colour)\">"
                    + "<title>\(ReplayHTML.escape(title(entry)))</title></circle>")
            }
            if !entry.corrections.isEmpty {
                svg.append("<circle cx=\"\(number(markX))\" cy=\"\(number(markY))\" r=\"8\" fill=\"none\" "
                    + "stroke=\"#8e24aa\" stroke-width=\"1.5\"/>")
            }
        }
        svg.append(legend(at: plotBottom + 32))
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// The key under the lanes.
    private static func legend(at legendY: Double) -> String {
        let y = number(legendY)
        let textY = number(legendY + 4)
        return """
            <g class="legend" font-size="10" fill="#333">\
            <circle cx="212" cy="\(y)" r="4.5" fill="#1f4e79"/><text x="222" y="\(textY)">entry (by when it happened)</text>\
            <path d="M366 \(number(legendY - 6))l6 6l-6 6l-6 -6z" fill="#d9822b"/>\
            <line x1="366" y1="\(y)" x2="396" y2="\(y)" stroke="#d9822b" stroke-width="1.5" stroke-dasharray="3 2"/>\
            <line x1="396" y1="\(number(legendY - 6))" x2="396" y2="\(number(legendY + 6))" stroke="#d9822b" stroke-width="1.5"/>\
            <text x="404" y="\(textY)">late entry, line to when recorded</text>\
            <circle cx="598" cy="\(y)" r="8" fill="none" stroke="#8e24aa" stroke-width="1.5"/>\
            <text x="612" y="\(textY)">corrected</text>\
            <rect x="690" y="\(number(legendY - 7))" width="24" height="14" fill="url(#hatch)"/>\
            <text x="720" y="\(textY)">gap with nothing recorded</text></g>
            """
    }

    /// The tooltip of a mark: when, which stream, what.
    private static func title(_ entry: ReplayEntry) -> String {
        "\(EuropeLondon.minuteText(of: entry.occurredAt)) \(entry.stream) v\(entry.version) \(entry.type)"
            + (entry.lateDays.map { ", late entry (recorded \($0) day\($0 == 1 ? "" : "s") later)" } ?? "")
    }

    /// Axis ticks at London midnights: every 1, 2, 7 or 14 days for short spans, else on the
    /// first of every 1, 2, 3, 6 or 12 months, at most about eight.
    static func ticks(from start: Timestamp, to end: Timestamp) -> [(instant: Timestamp, label: String)] {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let first = EuropeLondon.date(of: start)
        let last = EuropeLondon.date(of: end)
        let days = first.days(to: last)
        var result: [(Timestamp, String)] = []
        if days <= 75 {
            let step = [1, 2, 7, 14].first { days / $0 <= 8 } ?? 14
            var date = first.adding(days: 1)
            while date <= last {
                result.append((EuropeLondon.startOfDay(date), "\(date.day) \(months[date.month - 1])"))
                date = date.adding(days: step)
            }
        } else {
            let monthCount = (last.year - first.year) * 12 + last.month - first.month
            let step = [1, 2, 3, 6, 12].first { monthCount / $0 <= 8 } ?? 12
            var year = first.year
            var month = first.month + 1
            while true {
                if month > 12 { month -= 12; year += 1 }
                guard let date = CalendarDate(year: year, month: month, day: 1), date <= last else { break }
                if (month - 1) % step == 0 || step == 1 {
                    result.append((EuropeLondon.startOfDay(date), "\(months[month - 1]) \(year)"))
                }
                month += 1
            }
        }
        return result
    }

    /// `value` with at most one decimal, as SVG coordinates need no more.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }
}
