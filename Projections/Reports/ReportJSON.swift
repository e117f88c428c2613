import Casework
import EventLog
import Codec

/// A learning report as one JSON object: `report`, `title`, `period` {`from`, `to`}, then the
/// figures nested by their dotted names (`stage1.received` is `{"stage1": {"received": 3}}`),
/// each list as an array of objects under its name, and `notes` {figure: note}. Counts and
/// pence are integers; percentages, hours, days and rates numbers to one decimal place, or
/// null when they cannot be worked out.
enum ReportJSON {
    /// A tree of figures by the parts of their names, in the order first seen.
    private final class Node {
        var keys: [String] = []
        var children: [String: Node] = [:]
        var figure: ReportFigure?

        func child(_ key: String) -> Node {
            if let found = children[key] { return found }
            let node = Node()
            keys.append(key)
            children[key] = node
            return node
        }
    }

    static func render(_ result: ReportResult) -> String {
        let root = Node()
        for figure in result.figures {
            var node = root
            for part in figure.name.split(separator: ".") { node = node.child(String(part)) }
            node.figure = figure
        }
        var json = JSONWriter(capacity: 16_384)
        json.beginObject()
        json.key("report"); json.string(result.name)
        json.key("title"); json.string(result.title)
        json.key("period")
        json.beginObject()
        json.key("from"); json.string(result.period.from.iso8601)
        json.key("to"); json.string(result.period.to.iso8601)
        json.endObject()
        writeMembers(of: root, into: &json)
        for list in result.lists {
            json.key(list.name)
            json.beginArray()
            for row in list.rows {
                json.beginObject()
                for (column, cell) in zip(list.columns, row.cells) {
                    json.key(column)
                    write(cell, into: &json)
                }
                json.endObject()
            }
            json.endArray()
        }
        json.key("notes")
        json.beginObject()
        for figure in result.figures {
            if let note = figure.note { json.key(figure.name); json.string(note) }
        }
        json.endObject()
        json.key("targets")
        ReportTargetsPrinting.writeJSON(result.targets, into: &json)
        json.key("knownAt")
        json.stringOrNull(result.knownAt?.iso8601)
        json.key("settings")
        SettingInForce.writeJSON(result.settings, into: &json)
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self) + "\n"
    }

    /// `events` as a JSON array of {`position`, `case`, `type`, `occurredAt`}.
    static func render(_ events: [TracedEvent]) -> String {
        var json = JSONWriter(capacity: 96 * events.count + 4)
        json.beginArray()
        for event in events {
            json.beginObject()
            json.key("position"); json.unsigned(event.position)
            json.key("case"); json.string(event.reference)
            json.key("type"); json.string(event.type)
            json.key("occurredAt"); json.string(event.occurredAt.iso8601)
            json.endObject()
        }
        json.endArray()
        return String(decoding: json.bytes, as: UTF8.self) + "\n"
    }

    private static func writeMembers(of node: Node, into json: inout JSONWriter) {
        for key in node.keys {
            guard let child = node.children[key] else { continue }
            json.key(key)
            if let figure = child.figure, child.keys.isEmpty {
                write(figure.value, into: &json)
            } else {
                json.beginObject()
                writeMembers(of: child, into: &json)
                json.endObject()
            }
        }
    }

    private static func write(_ value: ReportFigure.Value, into json: inout JSONWriter) {
        switch value {
        case .count(let count): json.integer(Int64(count))
        case .pence(let pence): json.integer(pence)
        default:
            if let number = value.number { json.double(number) } else { json.null() }
        }
    }

    private static func write(_ cell: ReportList.Cell, into json: inout JSONWriter) {
        switch cell {
        case .text(let text): json.string(text)
        case .texts(let texts):
            json.beginArray()
            for text in texts { json.string(text) }
            json.endArray()
        case .integer(let value): json.integer(Int64(value))
        case .bool(let value): json.bool(value)
        case .null: json.null()
        }
    }
}
