import Casework
import EventLog

/// The panel pack's visual timeline: an inline SVG with one lane per stream. Each entry is a
/// numbered mark (its number in the entries table) with a short label where there is room, at
/// its `occurredAt`; late entries are drawn with a line to when they were recorded, corrected
/// entries ringed, flagged gaps shaded. Each deadline is a pennant at the end of its due day,
/// labelled ("triage due"); a breach is red, labelled as such ("triage late 2 days"), with a bar
/// from the due date to when the step was done or to the date deadlines are judged on. Long
/// gaps are cut short with a break mark (`ReplayTimelineAxis`). No scripts, no external references.
enum ReplayTimelineSVG {
    // About the width of an A4 page's text in points, so that font sizes here print as sizes.
    static let width = 540.0
    static let plotStart = 96.0
    static let plotEnd = 532.0
    static let laneHeight = 54.0
    static let top = 24.0
    /// Where marks sit in a lane, from its top; entry labels go above, deadline labels below.
    static let markOffset = 22.0
    static let labelSize = 5.5
    static let breachColour = "#b3261e"
    static let deadlineColour = "#5f6b73"

    /// Label rows of one lane: the spans of the labels placed in each, two above the marks
    /// (entries) and three below (deadlines).
    private struct LabelRows {
        var above: [[ClosedRange<Double>]] = [[], []]
        var below: [[ClosedRange<Double>]] = [[], [], []]

        /// The first row of `rows` where a label from `from` to `to` overlaps none, taken; nil
        /// when every row is taken there.
        static func place(_ rows: inout [[ClosedRange<Double>]], from: Double, to: Double) -> Int? {
            let span = (from - 2)...(to + 2)
            guard let row = rows.indices.first(where: { !rows[$0].contains { $0.overlaps(span) } }) else { return nil }
            rows[row].append(span)
            return row
        }
    }

    /// The SVG element for `replay`.
    static func render(_ replay: Replay) -> String {
        let lanes = replay.scope.streams
        let laneIndex = Dictionary(uniqueKeysWithValues: lanes.enumerated().map { ($1.name, $0) })
        let entries = replay.entries
        let failures = replay.failures
        let deadlines = failures.deadlines.filter { laneIndex[$0.stream] != nil }
        var instants = entries.map(\.occurredAt.microseconds)
        instants += entries.filter(\.isLate).map(\.enteredAt.microseconds)
        instants += deadlines.map(\.dueInstant.microseconds)
        instants += deadlines.filter(\.status.isBreach).map { $0.breachEnd(judgedOn: failures.judgedOn).microseconds }
        let axis = ReplayTimelineAxis(instants: instants, from: plotStart, to: plotEnd, gapDays: replay.options.gapDays)
        func x(_ instant: Timestamp) -> Double { axis.x(instant) }
        func laneTop(_ lane: Int) -> Double { top + Double(lane) * laneHeight }
        func y(_ lane: Int) -> Double { laneTop(lane) + markOffset }
        let plotBottom = top + Double(lanes.count) * laneHeight
        let height = plotBottom + 58
        var svg = ["<svg class=\"timeline\" viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"100%\" "
            + "role=\"img\" aria-label=\"Timeline of \(ReplayHTML.escape(replay.scope.reference)), one lane per stream\">"]
        svg.append("<defs><pattern id=\"hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" "
            + "patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" fill=\"#f3f3f3\"/>"
            + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" stroke=\"#c0c0c0\" stroke-width=\"1.2\"/></pattern></defs>")
        for (index, lane) in lanes.enumerated() {
            svg.append("<rect x=\"0\" y=\"\(number(laneTop(index)))\" width=\"\(number(width))\" height=\"\(number(laneHeight))\" "
                + "fill=\"\(index % 2 == 0 ? "#f7f9fb" : "#ffffff")\"/>")
            svg.append("<text x=\"2\" y=\"\(number(y(index) + 3))\" font-size=\"8\" fill=\"\(ReplayHTML.colour(of: lane.role))\" "
                + "font-weight=\"bold\">\(ReplayHTML.escape(lane.name))</text>")
            svg.append("<line x1=\"\(number(plotStart))\" y1=\"\(number(y(index)))\" x2=\"\(number(plotEnd))\" y2=\"\(number(y(index)))\" "
                + "stroke=\"#dde2e6\" stroke-width=\"0.6\"/>")
        }
        svg += ticks(axis, top: top, bottom: plotBottom)
        // Breaks: the lanes cut, with how long the cut is.
        for cut in axis.breaks {
            let middle = cut.x + cut.width / 2
            svg.append("<g class=\"break\"><rect x=\"\(number(cut.x + 3))\" y=\"\(number(top - 2))\" width=\"\(number(cut.width - 6))\" "
                + "height=\"\(number(plotBottom - top + 4))\" fill=\"#ffffff\"/>"
                + "<path d=\"\(zigzag(at: cut.x + 3, from: top - 2, to: plotBottom + 2))\(zigzag(at: cut.x + cut.width - 3, from: top - 2, to: plotBottom + 2))\" "
                + "fill=\"none\" stroke=\"#8a959e\" stroke-width=\"0.8\"/>"
                + "<text x=\"\(number(middle))\" y=\"\(number(plotBottom + 9))\" font-size=\"5.5\" fill=\"#44505a\" text-anchor=\"middle\" "
                + "font-style=\"italic\">\(duration(cut.days)) cut</text></g>")
        }
        // Flagged gaps, shaded; their length is in the entries table.
        for (index, entry) in entries.enumerated() where index > 0 && entry.gapDaysBefore != nil {
            let from = x(entries[index - 1].occurredAt)
            let to = x(entry.occurredAt)
            svg.append("<rect class=\"gap\" x=\"\(number(from))\" y=\"\(number(top))\" width=\"\(number(max(to - from, 1)))\" "
                + "height=\"\(number(plotBottom - top))\" fill=\"url(#hatch)\" opacity=\"0.3\"/>")
        }
        var rows = Array(repeating: LabelRows(), count: lanes.count)
        // Deadlines first, so that breaches get the label rows below the marks before anything else.
        let ordered = deadlines.enumerated().sorted { ($0.element.status.isBreach ? 0 : 1, $0.offset) < ($1.element.status.isBreach ? 0 : 1, $1.offset) }
        for deadline in ordered.map(\.element) {
            let lane = laneIndex[deadline.stream]!
            svg.append(mark(deadline, x: x, markY: y(lane), rows: &rows[lane], judgedOn: failures.judgedOn))
        }
        // Entries of a lane closer than a mark's width are drawn as one numbered group ("5–9").
        var groups = Array(repeating: [[(number: Int, entry: ReplayEntry)]](), count: lanes.count)
        for (index, entry) in entries.enumerated() {
            guard let lane = laneIndex[entry.stream] else { continue }
            if let last = groups[lane].last?.last, x(entry.occurredAt) - x(last.entry.occurredAt) < markSpacing {
                groups[lane][groups[lane].count - 1].append((index + 1, entry))
            } else {
                groups[lane].append([(index + 1, entry)])
            }
        }
        for (lane, laneGroups) in groups.enumerated() {
            for group in laneGroups {
                svg.append(mark(group, x: x, markY: y(lane), colour: ReplayHTML.colour(of: lanes[lane].role), rows: &rows[lane]))
            }
        }
        svg.append(legend(at: plotBottom + 24))
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// A deadline: a pennant at the end of its due day, a bar to when a breach ended, and its label.
    private static func mark(_ deadline: ReplayDeadline, x: (Timestamp) -> Double, markY: Double, rows: inout LabelRows,
                             judgedOn: CalendarDate) -> String {
        let isBreach = deadline.status.isBreach
        let colour = isBreach ? breachColour : deadlineColour
        let dueX = x(deadline.dueInstant)
        var parts = ["<g class=\"deadline\(isBreach ? " breach" : "")\">"]
        if isBreach {
            let endX = x(deadline.breachEnd(judgedOn: judgedOn))
            parts.append("<line x1=\"\(number(dueX))\" y1=\"\(number(markY + 7))\" x2=\"\(number(max(endX, dueX + 2)))\" "
                + "y2=\"\(number(markY + 7))\" stroke=\"\(colour)\" stroke-width=\"2.4\" opacity=\"0.75\"/>")
            if deadline.status == .late {
                parts.append("<line x1=\"\(number(endX))\" y1=\"\(number(markY + 4))\" x2=\"\(number(endX))\" y2=\"\(number(markY + 10))\" "
                    + "stroke=\"\(colour)\" stroke-width=\"1\"/>")
            }
            if deadline.status == .overdue {
                parts.append("<path d=\"M\(number(max(endX, dueX + 2))) \(number(markY + 4.5))l3 2.5l-3 2.5z\" fill=\"\(colour)\"/>")
            }
        }
        parts.append("<path d=\"M\(number(dueX)) \(number(markY - 6))v13M\(number(dueX)) \(number(markY - 6))h5l-1.8 2.2l1.8 2.2h-5z\" "
            + "fill=\"\(colour)\" stroke=\"\(colour)\" stroke-width=\"0.8\"><title>\(ReplayHTML.escape(deadline.stream + " " + deadline.summary))</title></path>")
        let label = deadline.markerLabel
        let labelWidth = textWidth(label)
        let start = max(plotStart - 4, min(dueX - 1, width - 2 - labelWidth))
        if let row = LabelRows.place(&rows.below, from: start, to: start + labelWidth) {
            parts.append("<text x=\"\(number(start))\" y=\"\(number(markY + 15 + Double(row) * 7))\" font-size=\"\(number(labelSize))\" "
                + "fill=\"\(colour)\"\(isBreach ? " font-weight=\"bold\"" : "")>\(ReplayHTML.escape(label))</text>")
        }
        parts.append("</g>")
        return parts.joined()
    }

    /// Entries closer together than this (in points) share one mark.
    static let markSpacing = 9.0

    /// A group of entries close in time: one numbered mark ("7"), or a pill numbered with the
    /// first and last ("5–9") spanning them; late entries get their line to when they were
    /// recorded (and a diamond when alone), corrected ones a ring; a short label above where
    /// there is room.
    private static func mark(_ group: [(number: Int, entry: ReplayEntry)], x: (Timestamp) -> Double, markY: Double,
                             colour: String, rows: inout LabelRows) -> String {
        var parts: [String] = []
        let tooltip = "<title>\(ReplayHTML.escape(group.map { title($0.entry, number: $0.number) }.joined(separator: "\n")))</title>"
        for (_, entry) in group where entry.isLate {
            let markX = x(entry.occurredAt)
            let recordedX = x(entry.enteredAt)
            parts.append("<line class=\"late\" x1=\"\(number(markX))\" y1=\"\(number(markY))\" x2=\"\(number(recordedX))\" "
                + "y2=\"\(number(markY))\" stroke=\"#d9822b\" stroke-width=\"1\" stroke-dasharray=\"2 1.5\"/>")
            parts.append("<line x1=\"\(number(recordedX))\" y1=\"\(number(markY - 4))\" x2=\"\(number(recordedX))\" "
                + "y2=\"\(number(markY + 4))\" stroke=\"#d9822b\" stroke-width=\"1\"/>")
        }
        let firstX = x(group[0].entry.occurredAt)
        let digits = group.count == 1 ? String(group[0].number) : "\(group[0].number)–\(group[group.count - 1].number)"
        let fontSize = digits.count > 2 ? 3.6 : 4.4
        let isLate = group.contains { $0.entry.isLate }
        let isCorrected = group.contains { !$0.entry.corrections.isEmpty }
        let centre: Double
        if group.count == 1 && isLate {
            centre = firstX
            parts.append("<path d=\"M\(number(firstX)) \(number(markY - 5.5))l5.5 5.5l-5.5 5.5l-5.5 -5.5z\" fill=\"#d9822b\" "
                + "stroke=\"#7a3e00\" stroke-width=\"0.8\">\(tooltip)</path>")
        } else if group.count == 1 {
            centre = firstX
            parts.append("<circle cx=\"\(number(firstX))\" cy=\"\(number(markY))\" r=\"4.3\" fill=\"\(colour)\">\(tooltip)</circle>")
        } else {
            let lastX = x(group[group.count - 1].entry.occurredAt)
            let pillWidth = max(lastX - firstX + 8.6, Double(digits.count) * fontSize * 0.62 + 5)
            let left = (firstX + lastX) / 2 - pillWidth / 2
            centre = left + pillWidth / 2
            parts.append("<rect x=\"\(number(left))\" y=\"\(number(markY - 4.3))\" width=\"\(number(pillWidth))\" height=\"8.6\" rx=\"4.3\" "
                + "fill=\"\(colour)\"\(isLate ? " stroke=\"#d9822b\" stroke-width=\"1.2\"" : "")>\(tooltip)</rect>")
        }
        if isCorrected {
            parts.append("<circle cx=\"\(number(centre))\" cy=\"\(number(markY))\" r=\"6.3\" fill=\"none\" stroke=\"#8e24aa\" stroke-width=\"1\"/>")
        }
        parts.append("<text class=\"entry-label\" x=\"\(number(centre))\" y=\"\(number(markY + fontSize * 0.36))\" "
            + "font-size=\"\(number(fontSize))\" fill=\"#ffffff\" font-weight=\"bold\" text-anchor=\"middle\">\(digits)</text>")
        var label = group.map { shortLabel($0.entry) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            .joined(separator: ", ")
        if label.count > 44 { label = String(label.prefix(43)) + "…" }
        let labelWidth = textWidth(label)
        let start = max(plotStart - 4, min(centre - 4, width - 2 - labelWidth))
        if let row = LabelRows.place(&rows.above, from: start, to: start + labelWidth) {
            parts.append("<text x=\"\(number(start))\" y=\"\(number(markY - 8 - Double(row) * 7))\" font-size=\"\(number(labelSize))\" "
                + "fill=\"#333\">\(ReplayHTML.escape(label))</text>")
        }
        return parts.joined(separator: "\n")
    }

    /// The event type without its case type ("triaged" for `safeguarding.triaged`), with the
    /// item it names when it names one ("action-assigned A1").
    static func shortLabel(_ entry: ReplayEntry) -> String {
        let name = entry.type.split(separator: ".", maxSplits: 1).last.map(String.init) ?? entry.type
        let itemFields = ["actionId", "recommendationId", "findingId", "learningId", "visitId", "goalId"]
        guard let item = entry.fields.first(where: { itemFields.contains($0.name) && !$0.isPersonal }) else { return name }
        return name + " " + item.value
    }

    /// About how wide `text` is drawn at the label size.
    private static func textWidth(_ text: String, size: Double = labelSize) -> Double { Double(text.count) * size * 0.62 }

    /// "12 days", "5 months", "2 years": how long a break cuts out.
    static func duration(_ days: Int) -> String {
        if days < 60 { return "\(days) day\(days == 1 ? "" : "s")" }
        if days < 730 { return "\(days / 30) months" }
        return "\(days / 365) years"
    }

    /// A vertical zigzag from `from` to `to` at `x`, as a path's data.
    private static func zigzag(at x: Double, from: Double, to: Double) -> String {
        var path = "M\(number(x)) \(number(from))"
        var y = from
        var side = 1.5
        while y + 4 < to {
            y += 4
            path += "L\(number(x + side)) \(number(y))"
            side = -side
        }
        return path + "L\(number(x)) \(number(to))"
    }

    /// The ticks of every cluster of `axis`: the cluster's first date with its year, then
    /// London midnights inside it, leaving out any that would overlap the one before.
    private static func ticks(_ axis: ReplayTimelineAxis, top: Double, bottom: Double) -> [String] {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var lines: [String] = []
        var lastEnd = -Double.infinity
        for cluster in axis.clusters {
            let first = Timestamp(microseconds: cluster.from)
            let date = EuropeLondon.date(of: first)
            var marks = [(axis.x(first), "\(date.day) \(months[date.month - 1]) \(date.year)")]
            marks += ticks(from: first, to: Timestamp(microseconds: cluster.to)).map { (axis.x($0.instant), $0.label) }
            for (tickX, label) in marks {
                let half = Double(label.count) * 6.5 * 0.28
                guard tickX - half > lastEnd + 4 else { continue }
                lastEnd = tickX + half
                lines.append("<line x1=\"\(number(tickX))\" y1=\"\(number(top - 4))\" x2=\"\(number(tickX))\" y2=\"\(number(bottom))\" "
                    + "stroke=\"#d0d5da\" stroke-width=\"0.6\"/>")
                lines.append("<text x=\"\(number(tickX))\" y=\"\(number(top - 8))\" font-size=\"6.5\" fill=\"#444\" "
                    + "text-anchor=\"middle\">\(label)</text>")
            }
        }
        return lines
    }

    /// The key under the lanes: each sample followed by its words, laid out left to right.
    private static func legend(at legendY: Double) -> String {
        func pennant(_ x: Double, _ y: Double, _ colour: String) -> String {
            "<path d=\"M\(number(x)) \(number(y - 6))v12M\(number(x)) \(number(y - 6))h5l-1.8 2.2l1.8 2.2h-5z\" fill=\"\(colour)\" "
                + "stroke=\"\(colour)\" stroke-width=\"0.8\"/>"
        }
        let items: [(width: Double, sample: (Double, Double) -> String, text: String)] = [
            (9, { x, y in "<circle cx=\"\(number(x + 4.3))\" cy=\"\(number(y))\" r=\"4.3\" fill=\"#1f4e79\"/><text x=\"\(number(x + 4.3))\" "
                + "y=\"\(number(y + 1.6))\" font-size=\"4.4\" fill=\"#fff\" font-weight=\"bold\" text-anchor=\"middle\">7</text>" },
             "entry (number as in the table)"),
            (24, { x, y in "<path d=\"M\(number(x + 5.5)) \(number(y - 5.5))l5.5 5.5l-5.5 5.5l-5.5 -5.5z\" fill=\"#d9822b\"/>"
                + "<line x1=\"\(number(x + 5.5))\" y1=\"\(number(y))\" x2=\"\(number(x + 23))\" y2=\"\(number(y))\" stroke=\"#d9822b\" stroke-dasharray=\"2 1.5\"/>"
                + "<line x1=\"\(number(x + 23))\" y1=\"\(number(y - 4))\" x2=\"\(number(x + 23))\" y2=\"\(number(y + 4))\" stroke=\"#d9822b\"/>" },
             "late entry, to when recorded"),
            (13, { x, y in "<circle cx=\"\(number(x + 6.3))\" cy=\"\(number(y))\" r=\"6.3\" fill=\"none\" stroke=\"#8e24aa\"/>" }, "corrected"),
            (6, { x, y in pennant(x, y, deadlineColour) }, "deadline, end of due day"),
            (17, { x, y in pennant(x, y, breachColour) + "<line x1=\"\(number(x))\" y1=\"\(number(y + 4))\" x2=\"\(number(x + 16))\" "
                + "y2=\"\(number(y + 4))\" stroke=\"\(breachColour)\" stroke-width=\"2.4\" opacity=\"0.75\"/>" }, "missed"),
            (12, { x, y in "<rect x=\"\(number(x))\" y=\"\(number(y - 4))\" width=\"12\" height=\"8\" fill=\"url(#hatch)\"/>" }, "gap"),
            (4, { x, y in "<path d=\"\(zigzag(at: x + 1.5, from: y - 6, to: y + 6))\" fill=\"none\" stroke=\"#8a959e\" stroke-width=\"0.8\"/>" },
             "time cut short"),
        ]
        var x = 4.0
        var y = legendY
        var parts = ["<g class=\"legend\" font-size=\"6\" fill=\"#333\">"]
        for item in items {
            let itemWidth = item.width + 3 + Double(item.text.count) * 6 * 0.52
            if x + itemWidth > width - 2 {
                x = 4
                y += 14
            }
            parts.append(item.sample(x, y))
            parts.append("<text x=\"\(number(x + item.width + 3))\" y=\"\(number(y + 2.2))\">\(item.text)</text>")
            x += itemWidth + 10
        }
        parts.append("</g>")
        return parts.joined()
    }

    /// The tooltip of a mark: its number, when, which stream, what.
    private static func title(_ entry: ReplayEntry, number: Int) -> String {
        "\(number). \(EuropeLondon.minuteText(of: entry.occurredAt)) \(entry.stream) v\(entry.version) \(entry.type)"
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
