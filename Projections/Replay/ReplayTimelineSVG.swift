import Casework
import EventLog

/// The panel pack's visual timeline: an inline SVG with one lane per stream, each entry a mark
/// at its `occurredAt`, late entries drawn with a line to when they were recorded, corrected
/// entries ringed, and gaps shaded across every lane. No scripts and no external references.
enum ReplayTimelineSVG {
    // About the width of an A4 page's text in points, so that font sizes here print as sizes.
    static let width = 540.0
    static let plotStart = 96.0
    static let plotEnd = 532.0
    static let laneHeight = 22.0
    static let top = 22.0

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
        let height = plotBottom + 40
        var svg = ["<svg class=\"timeline\" viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"100%\" "
            + "role=\"img\" aria-label=\"Timeline of \(ReplayHTML.escape(replay.scope.reference)), one lane per stream\">"]
        svg.append("<defs><pattern id=\"hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" "
            + "patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" fill=\"#f3f3f3\"/>"
            + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" stroke=\"#c0c0c0\" stroke-width=\"1.2\"/></pattern></defs>")
        for (index, lane) in lanes.enumerated() {
            let laneTop = top + Double(index) * laneHeight
            svg.append("<rect x=\"0\" y=\"\(number(laneTop))\" width=\"\(number(width))\" height=\"\(number(laneHeight))\" "
                + "fill=\"\(index % 2 == 0 ? "#f7f9fb" : "#ffffff")\"/>")
            svg.append("<text x=\"2\" y=\"\(number(y(index) + 3))\" font-size=\"8\" fill=\"\(ReplayHTML.colour(of: lane.role))\" "
                + "font-weight=\"bold\">\(ReplayHTML.escape(lane.name))</text>")
        }
        for tick in ticks(from: Timestamp(microseconds: start), to: Timestamp(microseconds: end)) {
            let tickX = number(x(tick.instant))
            svg.append("<line x1=\"\(tickX)\" y1=\"\(number(top - 4))\" x2=\"\(tickX)\" y2=\"\(number(plotBottom))\" "
                + "stroke=\"#d0d5da\" stroke-width=\"0.6\"/>")
            svg.append("<text x=\"\(tickX)\" y=\"\(number(top - 8))\" font-size=\"7\" fill=\"#444\" "
                + "text-anchor=\"middle\">\(tick.label)</text>")
        }
        // Gap labels that would overlap the one before go on a second row, or are left to the table.
        var labelEnds = [-Double.infinity, -Double.infinity]
        for (index, entry) in entries.enumerated() where index > 0 {
            guard let days = entry.gapDaysBefore else { continue }
            let from = x(entries[index - 1].occurredAt)
            let to = x(entry.occurredAt)
            svg.append("<rect class=\"gap\" x=\"\(number(from))\" y=\"\(number(top))\" width=\"\(number(max(to - from, 1)))\" "
                + "height=\"\(number(plotBottom - top))\" fill=\"url(#hatch)\" opacity=\"0.55\"/>")
            let label = "gap \(days) d"
            let halfWidth = Double(label.count) * 1.7
            let middle = (from + to) / 2
            guard let row = labelEnds.indices.first(where: { labelEnds[$0] < middle - halfWidth - 2 }) else { continue }
            labelEnds[row] = middle + halfWidth
            svg.append("<text x=\"\(number(middle))\" y=\"\(number(plotBottom + 8 + Double(row) * 7))\" font-size=\"6\" "
                + "fill=\"#555\" text-anchor=\"middle\">\(label)</text>")
        }
        for entry in entries {
            guard let lane = laneIndex[entry.stream] else { continue }
            let markX = x(entry.occurredAt)
            let markY = y(lane)
            let colour = ReplayHTML.colour(of: lanes[lane].role)
            if entry.isLate {
                let recordedX = x(entry.recordedAt)
                svg.append("<line class=\"late\" x1=\"\(number(markX))\" y1=\"\(number(markY))\" x2=\"\(number(recordedX))\" "
                    + "y2=\"\(number(markY))\" stroke=\"#d9822b\" stroke-width=\"1\" stroke-dasharray=\"2 1.5\"/>")
                svg.append("<line x1=\"\(number(recordedX))\" y1=\"\(number(markY - 4))\" x2=\"\(number(recordedX))\" "
                    + "y2=\"\(number(markY + 4))\" stroke=\"#d9822b\" stroke-width=\"1\"/>")
                svg.append("<path d=\"M\(number(markX)) \(number(markY - 4))l4 4l-4 4l-4 -4z\" fill=\"#d9822b\" "
                    + "stroke=\"#7a3e00\" stroke-width=\"0.8\"><title>\(ReplayHTML.escape(title(entry)))</title></path>")
            } else {
                svg.append("<circle cx=\"\(number(markX))\" cy=\"\(number(markY))\" r=\"3\" fill=\"\(colour)\">"
                    + "<title>\(ReplayHTML.escape(title(entry)))</title></circle>")
            }
            if !entry.corrections.isEmpty {
                svg.append("<circle cx=\"\(number(markX))\" cy=\"\(number(markY))\" r=\"5.5\" fill=\"none\" "
                    + "stroke=\"#8e24aa\" stroke-width=\"1\"/>")
            }
        }
        svg.append(legend(at: plotBottom + 30))
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// The key under the lanes.
    private static func legend(at legendY: Double) -> String {
        let y = number(legendY)
        let textY = number(legendY + 2.5)
        func at(_ value: Double, _ offset: Double = 0) -> String { number(value + offset) }
        return """
            <g class="legend" font-size="7" fill="#333">\
            <circle cx="\(at(plotStart, 3))" cy="\(y)" r="3" fill="#1f4e79"/>\
            <text x="\(at(plotStart, 9))" y="\(textY)">entry, placed by when it happened</text>\
            <line x1="\(at(plotStart, 138))" y1="\(y)" x2="\(at(plotStart, 160))" y2="\(y)" stroke="#d9822b" stroke-dasharray="2 1.5"/>\
            <path d="M\(at(plotStart, 138)) \(number(legendY - 4))l4 4l-4 4l-4 -4z" fill="#d9822b"/>\
            <line x1="\(at(plotStart, 160))" y1="\(number(legendY - 4))" x2="\(at(plotStart, 160))" y2="\(number(legendY + 4))" stroke="#d9822b"/>\
            <text x="\(at(plotStart, 166))" y="\(textY)">late entry, to when it was recorded</text>\
            <circle cx="\(at(plotStart, 312))" cy="\(y)" r="5.5" fill="none" stroke="#8e24aa"/>\
            <text x="\(at(plotStart, 320))" y="\(textY)">corrected</text>\
            <rect x="\(at(plotStart, 364))" y="\(number(legendY - 4))" width="14" height="8" fill="url(#hatch)"/>\
            <text x="\(at(plotStart, 382))" y="\(textY)">gap</text></g>
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
