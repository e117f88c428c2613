import Casework
import Codec
import EventLog

/// Which events `caselog tail` and `caselog watch` act on: one event type (or every type), and
/// data fields that must hold given values (`immediateRisk=true`; for a list field such as
/// `categories`, the list must hold the value).
///
/// Only fields without personal data can be matched: what a watch is given has no † field, and
/// a rule over one would tell its command what the field says.
public struct EventSelection: Sendable, Equatable {
    /// The type every selected event has; nil: any type.
    public let type: String?
    /// Each field that must hold a value, with that value read as the catalogue reads the field
    /// (`caselog record`'s `FIELD=VALUE` rule).
    public let conditions: [String: CBORValue]

    /// Every event.
    public static let everything = EventSelection(checkedType: nil, conditions: [:])

    private init(checkedType: String?, conditions: [String: CBORValue]) {
        type = checkedType
        self.conditions = conditions
    }

    /// The events of `type` (nil: any) whose data has each of `conditions` (`FIELD=VALUE`).
    ///
    /// - Throws: `CaselogError` `.usage` naming a type that is not in the catalogue (with the
    ///   nearest name), a condition without `=`, a field the type does not have, a personal
    ///   field, or conditions without a type.
    public init(type: String?, conditions: [String]) throws(CaselogError) {
        // The store's access events are watched too (an alert on access.unusual-detected, docs/ACCESS.md).
        let spec = type.flatMap { EventCatalogue.type(named: $0) ?? AccessStream.type(named: $0) }
        if let type, spec == nil {
            let suggestion = EventCatalogue.suggestion(for: type).map { " (did you mean \($0)?)" } ?? ""
            throw Self.usage("\"\(type)\" is not an event type\(suggestion): `caselog types` lists them")
        }
        guard !conditions.isEmpty else {
            self.init(checkedType: type, conditions: [:])
            return
        }
        guard let type, let spec else {
            throw Self.usage("--where needs --type: a field is read as its event type declares it")
        }
        var fields: [(name: String, value: String)] = []
        for condition in conditions {
            guard let equals = condition.firstIndex(of: "="), equals != condition.startIndex else {
                throw Self.usage("--where \"\(condition)\" is not FIELD=VALUE")
            }
            let name = String(condition[..<equals])
            guard let field = spec.field(name) else {
                let names = spec.fields.filter { !$0.isPersonal }.map(\.name).joined(separator: ", ")
                throw Self.usage("\(type) has no field \"\(name)\"; it has \(names)")
            }
            guard !field.isPersonal else {
                throw Self.usage("\(name) of \(type) is personal (†): events are selected by fields without personal data only")
            }
            fields.append((name, String(condition[condition.index(after: equals)...])))
        }
        let event: NewEvent
        do {
            event = try RecordRequest(type: type, occurredAt: Timestamp(microseconds: 0), fields: fields).newEvent()
        } catch {
            throw Self.usage("--where: \(CaselogError(error).message)")
        }
        for (name, value) in event.fields {
            // A value the field can never hold would match nothing, silently: say so now.
            guard let kind = spec.field(name)?.kind else { continue }
            switch (kind, value) {
            case (.boolean, .text(let text)):
                throw Self.usage("\(name) of \(type) is true or false, not \"\(text.prefix(60))\"")
            case (.number(let numbers), _) where !numbers.contains(where: { value == .integer($0) }):
                throw Self.usage("\(name) of \(type) is one of \(numbers.map(String.init).joined(separator: ", "))")
            case (.choice(let options), _), (.choices(let options, _), _):
                let given: [CBORValue] = if case .array(let elements) = value { elements } else { [value] }
                for element in given where !options.contains(where: { element == .text($0) }) {
                    let shown = if case .text(let text) = element { text } else { String(describing: element) }
                    throw Self.usage("\(name) of \(type) is one of \(options.joined(separator: ", ")); \"\(shown.prefix(60))\" matches nothing")
                }
            default:
                continue
            }
        }
        self.init(checkedType: type, conditions: event.fields)
    }

    /// A request for events that cannot be answered, as the one line the caller sees.
    private static func usage(_ message: String) -> CaselogError {
        CaselogError(.usage, message, cause: SelectionError(message: message))
    }

    /// Why an `EventSelection` was not made.
    public struct SelectionError: Error, Sendable {
        /// The line that says what is wrong.
        public let message: String
    }

    /// True when `record` is of the type and its data holds every condition.
    public func matches(_ record: RecordView) -> Bool {
        if let type, !record.typeBytes.elementsEqual(type.utf8) { return false }
        let data = record.data
        for (name, wanted) in conditions {
            guard let field = data[name], let value = try? CBORValue(decoding: field.bytes) else { return false }
            if value == wanted { continue }
            // A list field matches when it holds the value (`categories=self-neglect`).
            guard case .array(let elements) = value else { return false }
            if case .array(let wantedElements) = wanted {
                guard wantedElements.allSatisfy(elements.contains) else { return false }
            } else if !elements.contains(wanted) {
                return false
            }
        }
        return true
    }
}
