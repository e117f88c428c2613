import Casework
import Yams

/// Turns the YAML nodes of a spec into a `ProjectionSpec`, keeping each node's mark for errors.
struct SpecNodeReader {
    typealias Failure = ProjectionSpecError
    private var spec = ProjectionSpec(name: "", title: "", caseTypes: [], eventTypes: [], conditions: [],
                                      from: nil, to: nil, perCase: [], groupBy: [], measures: [])

    static let topKeys = ["name", "title", "events", "per-case", "group-by", "measures"]
    static let eventKeys = ["types", "case-types", "where", "from", "to"]
    static let foldKeys = ["first", "last", "count", "exists", "deadline", "working-days", "hours", "days"]
    static let measureKeys = ["count-where", "distinct", "sum", "min", "max", "mean", "median", "percentile", "share"]
    static let deadlineSteps = ["acknowledge-stage-1", "respond-stage-1", "acknowledge-stage-2", "respond-stage-2", "triage"]

    mutating func spec(_ root: Node) throws(Failure) -> ProjectionSpec {
        let top = try entries(root, expecting: "a mapping with name, events, group-by and measures", allowed: Self.topKeys)
        guard let nameNode = top["name"] else { throw error(root, "expected a `name:` (letters, digits and -)") }
        spec.name = try text(nameNode, "a name of letters, digits and -")
        guard spec.name.utf8.count <= 64, !spec.name.isEmpty,
              spec.name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
        else { throw error(nameNode, "expected a name of 1 to 64 lower-case letters, digits and -, found `\(spec.name)`") }
        spec.title = try top["title"].map { (node) throws(Failure) in try text(node, "a title") } ?? spec.name
        guard let events = top["events"] else { throw error(root, "expected `events:` with the event types to read") }
        try readEvents(events)
        if let perCase = top["per-case"] { try readPerCase(perCase) }
        if let groupBy = top["group-by"] {
            for node in try list(groupBy, "a list of columns to group by") {
                let column = try dimension(node)
                if spec.groupBy.contains(where: { $0.name.lowercased() == column.name.lowercased() }) {
                    throw error(node, "`\(column.name)` is already a column to group by: expected each column once")
                }
                spec.groupBy.append(column)
            }
        }
        guard let measures = top["measures"] else { throw error(root, "expected `measures:` (for example `rows: count`)") }
        try readMeasures(measures)
        return spec
    }

    // MARK: Sections

    private mutating func readEvents(_ node: Node) throws(Failure) {
        let section = try entries(node, expecting: "a mapping with types (and case-types, where, from, to)", allowed: Self.eventKeys)
        guard let typesNode = section["types"] else { throw error(node, "expected `types:`, a list of event types") }
        for typeNode in try list(typesNode, "a list of event types") {
            spec.eventTypes.append(try eventType(typeNode))
        }
        if let caseTypes = section["case-types"] {
            for typeNode in try list(caseTypes, "a list of case types") {
                let name = try text(typeNode, "a case type")
                guard let caseType = CaseType(rawValue: name), caseType.isCase else {
                    throw error(typeNode, "expected a case type (tenancy, safeguarding, complaint, review), found `\(name)`")
                }
                spec.caseTypes.append(caseType)
            }
        } else {
            var seen: Set<CaseType> = []
            for type in spec.eventTypes {
                for caseType in EventCatalogue.type(named: type)?.caseTypes ?? [] where seen.insert(caseType).inserted {
                    spec.caseTypes.append(caseType)
                }
            }
        }
        if let whereNode = section["where"] {
            for (field, keyNode, value) in try pairs(whereNode, expecting: "a mapping of field: condition") {
                try checkField(field, of: spec.eventTypes, at: keyNode)
                let condition = try test(value)
                try checkValues(of: condition, field: field, of: spec.eventTypes, at: value)
                spec.conditions.append(.init(field: field, test: condition))
            }
        }
        spec.from = try section["from"].map { (node) throws(Failure) in try date(node) }
        spec.to = try section["to"].map { (node) throws(Failure) in try date(node) }
        if let from = spec.from, let to = spec.to, from > to, let node = section["to"] {
            throw error(node, "expected a date on or after `from` (\(from)), found \(to)")
        }
    }

    private mutating func readPerCase(_ node: Node) throws(Failure) {
        for (name, keyNode, value) in try pairs(node, expecting: "a mapping of name: fold") {
            try checkNewColumn(name, at: keyNode)
            let fold = try entries(value, expecting: "a fold: one of \(Self.foldKeys.joined(separator: ", "))",
                                   allowed: Self.foldKeys + ["field"])
            guard let kind = Self.foldKeys.first(where: { fold[$0] != nil }), let argument = fold[kind] else {
                throw error(value, "expected one of \(Self.foldKeys.joined(separator: ", "))")
            }
            let field = try fold["field"].map { (node) throws(Failure) in try text(node, "a field name") }
            if field != nil, kind != "first", kind != "last", let fieldNode = fold["field"] {
                throw error(fieldNode, "`field:` goes with first or last only")
            }
            let result: ProjectionSpec.CaseValue.Fold
            switch kind {
            case "first", "last":
                let type = try eventType(argument)
                if let field, let fieldNode = fold["field"] { try checkField(field, of: [type], at: fieldNode) }
                result = kind == "first" ? .first(type: type, field: field) : .last(type: type, field: field)
            case "count":
                var types: [String] = []
                for typeNode in try list(argument, "an event type or a list of them") { types.append(try eventType(typeNode)) }
                result = .count(types: types)
            case "exists":
                result = .exists(type: try eventType(argument))
            case "deadline":
                let step = try text(argument, "a deadline step")
                guard Self.deadlineSteps.contains(step), let parsed = DeadlineStep(name: step) else {
                    throw error(argument, "expected a deadline step (\(Self.deadlineSteps.joined(separator: ", "))), found `\(step)`")
                }
                result = .deadline(parsed)
            default:
                let between = try entries(argument, expecting: "a mapping with from and to (event types)", allowed: ["from", "to"])
                guard let fromNode = between["from"], let toNode = between["to"] else {
                    throw error(argument, "expected both `from:` and `to:` event types")
                }
                let from = try eventType(fromNode), to = try eventType(toNode)
                result = kind == "working-days" ? .workingDays(from: from, to: to)
                    : kind == "hours" ? .hours(from: from, to: to) : .days(from: from, to: to)
            }
            spec.perCase.append(.init(name: name, fold: result))
        }
    }

    private mutating func readMeasures(_ node: Node) throws(Failure) {
        for (name, keyNode, value) in try pairs(node, expecting: "a mapping of name: measure") {
            try checkNewColumn(name, at: keyNode)
            if let word = value.scalar?.string {
                guard word == "count" else {
                    throw error(value, "expected `count` or a mapping with one of \(Self.measureKeys.joined(separator: ", ")), found `\(word)`")
                }
                spec.measures.append(.init(name: name, kind: .count))
                continue
            }
            let measure = try entries(value, expecting: "count, or a mapping with one of \(Self.measureKeys.joined(separator: ", "))",
                                      allowed: Self.measureKeys + ["of", "equals"])
            guard let kind = Self.measureKeys.first(where: { measure[$0] != nil }), let argument = measure[kind] else {
                throw error(value, "expected one of \(Self.measureKeys.joined(separator: ", "))")
            }
            let equals = try measure["equals"].map { (node) throws(Failure) in try scalarValue(node) }
            let result: ProjectionSpec.Measure.Kind
            switch kind {
            case "count-where", "share":
                let counted = try source(argument)
                if counted == .eventType, let node = measure["equals"] { _ = try eventType(node) }
                result = kind == "share" ? .share(counted, equals: equals) : .countWhere(counted, equals: equals)
            case "distinct": result = .distinct(try source(argument))
            case "percentile":
                guard let percent = argument.int, (1...100).contains(percent) else {
                    throw error(argument, "expected a whole percentile from 1 to 100")
                }
                guard let of = measure["of"] else { throw error(value, "expected `of:`, the value to take the percentile of") }
                result = .percentile(percent, try source(of))
            default:
                let input = try source(argument)
                switch kind {
                case "sum": result = .sum(input)
                case "min": result = .min(input)
                case "max": result = .max(input)
                case "mean": result = .mean(input)
                default: result = .median(input)
                }
            }
            spec.measures.append(.init(name: name, kind: result))
        }
    }

    private func dimension(_ node: Node) throws(Failure) -> ProjectionSpec.Dimension {
        let name = try text(node, "a column to group by")
        if let bucket = TimeBucket(rawValue: name) { return .time(bucket) }
        return .value(try source(node), name: name)
    }

    /// The source a name stands for: a per-case value, a built-in, `subject.ATTRIBUTE`, or a
    /// data field of the selected events.
    private func source(_ node: Node) throws(Failure) -> ProjectionSpec.Source {
        let name = try text(node, "a value: a field, a per-case value, worker, subject.ATTRIBUTE, …")
        if let index = spec.perCase.firstIndex(where: { $0.name == name }) { return .caseValue(index) }
        if let builtIn = SpecBuiltIn.sources[name] { return builtIn }
        if name.hasPrefix("subject.") {
            let attribute = String(name.dropFirst("subject.".count))
            try checkField(attribute, of: [ProjectionPlan.CatalogueNames.subjectDetails[0]], at: node, label: "subject.")
            return .subjectAttribute(attribute)
        }
        try checkField(name, of: spec.eventTypes, at: node)
        return .field(name)
    }

    // MARK: Checks against the catalogue

    private func eventType(_ node: Node) throws(Failure) -> String {
        let name = try text(node, "an event type")
        guard EventCatalogue.type(named: name) != nil else {
            let hint = EventCatalogue.suggestion(for: name).map { " (did you mean \($0)?)" } ?? ""
            throw error(node, "expected an event type of the catalogue, found `\(name)`\(hint)")
        }
        return name
    }

    /// Refuses a field that none of `types` has, and any personal field.
    private func checkField(_ field: String, of types: [String], at node: Node, label: String = "") throws(Failure) {
        let specs = types.compactMap { EventCatalogue.type(named: $0) }
        let found = specs.compactMap { $0.field(field) }
        if found.contains(where: \.isPersonal) {
            throw error(node, "\(label)\(field) is personal data (†) and cannot be used in a projection")
        }
        guard !found.isEmpty else {
            var known: [String] = []
            for type in specs { for spec in type.fields where !spec.isPersonal && !known.contains(spec.name) { known.append(spec.name) } }
            let list = known.isEmpty ? "none" : known.map { label + $0 }.joined(separator: ", ")
            throw error(node, "expected a field of \(types.joined(separator: ", ")) (\(list)), found `\(label)\(field)`")
        }
    }

    /// A per-case value or a measure must not take the name of another column, whatever its
    /// case: the output (and the SQLite table a kept projection becomes) has one column per name.
    /// For a field that takes values from a fixed list (a choice, a number from a set, a
    /// Boolean), every value a condition names must be one of them: a typo would otherwise
    /// match nothing and give an empty table without a word.
    private func checkValues(of test: ProjectionSpec.Condition.Test, field: String, of types: [String], at node: Node) throws(Failure) {
        let wanted: [ProjectionValue]
        switch test {
        case .equals(let value): wanted = [value]
        case .oneOf(let values), .noneOf(let values): wanted = values
        case .exists, .atLeast, .atMost: return
        }
        var allowed: [ProjectionValue] = []
        for kind in types.compactMap({ EventCatalogue.type(named: $0)?.field(field)?.kind }) {
            switch kind {
            case .choice(let values), .choices(let values, _): allowed += values.map(ProjectionValue.text)
            case .number(let values): allowed += values.map(ProjectionValue.integer)
            case .boolean: allowed += [.bool(true), .bool(false)]
            default: return
            }
        }
        guard !allowed.isEmpty else { return }
        for value in wanted where !allowed.contains(where: { $0.holds(value) }) {
            throw error(node, "expected \(field) to be one of \(allowed.map(\.description).joined(separator: ", ")), found `\(value)`")
        }
    }

    private func checkNewColumn(_ name: String, at node: Node) throws(Failure) {
        let lowered = name.lowercased()
        let taken = spec.perCase.map(\.name) + spec.measures.map(\.name) + spec.groupBy.map(\.name)
        if taken.contains(where: { $0.lowercased() == lowered }) {
            throw error(node, "`\(name)` is already a column: expected a new name")
        }
    }

    // MARK: Shapes

    private func test(_ node: Node) throws(Failure) -> ProjectionSpec.Condition.Test {
        if node.mapping == nil { return .equals(try scalarValue(node)) }
        let keys = ["equals", "contains", "in", "not-in", "exists", "at-least", "at-most"]
        let test = try entries(node, expecting: "a value, or a mapping with one of \(keys.joined(separator: ", "))", allowed: keys)
        guard let key = keys.first(where: { test[$0] != nil }), let argument = test[key], test.count == 1 else {
            throw error(node, "expected exactly one of \(keys.joined(separator: ", "))")
        }
        switch key {
        case "equals", "contains": return .equals(try scalarValue(argument))
        case "in", "not-in":
            var values: [ProjectionValue] = []
            for element in try list(argument, "a list of values") { values.append(try scalarValue(element)) }
            return key == "in" ? .oneOf(values) : .noneOf(values)
        case "exists":
            guard let flag = argument.bool else { throw error(argument, "expected true or false") }
            return .exists(flag)
        default:
            guard let number = argument.float else { throw error(argument, "expected a number") }
            return key == "at-least" ? .atLeast(number) : .atMost(number)
        }
    }

    private func scalarValue(_ node: Node) throws(Failure) -> ProjectionValue {
        guard let scalar = node.scalar else { throw error(node, "expected a single value") }
        if scalar.style == .plain {
            if let flag = node.bool { return .bool(flag) }
            if let integer = node.int { return .integer(Int64(integer)) }
            if let number = node.float { return .number(number) }
        }
        return .text(scalar.string)
    }

    private func date(_ node: Node) throws(Failure) -> CalendarDate {
        let value = try text(node, "a date YYYY-MM-DD")
        guard let date = CalendarDate(value) else { throw error(node, "expected a date YYYY-MM-DD, found `\(value)`") }
        return date
    }

    private func text(_ node: Node, _ expected: String) throws(Failure) -> String {
        guard let scalar = node.scalar, !scalar.string.isEmpty else { throw error(node, "expected \(expected)") }
        return scalar.string
    }

    /// A scalar as a one-element list, or a sequence.
    private func list(_ node: Node, _ expected: String) throws(Failure) -> [Node] {
        if node.scalar != nil { return [node] }
        guard let sequence = node.sequence, !sequence.isEmpty else { throw error(node, "expected \(expected)") }
        return Array(sequence)
    }

    private func pairs(_ node: Node, expecting expected: String) throws(Failure) -> [(String, Node, Node)] {
        guard let mapping = node.mapping, !mapping.isEmpty else { throw error(node, "expected \(expected)") }
        var result: [(String, Node, Node)] = []
        for (key, value) in mapping {
            result.append((try text(key, "a name"), key, value))
        }
        return result
    }

    /// The mapping's values by key, refusing keys not in `allowed`.
    private func entries(_ node: Node, expecting expected: String, allowed: [String]) throws(Failure) -> [String: Node] {
        var result: [String: Node] = [:]
        for (key, keyNode, value) in try pairs(node, expecting: expected) {
            guard allowed.contains(key) else {
                throw error(keyNode, "expected one of \(allowed.joined(separator: ", ")), found `\(key)`")
            }
            result[key] = value
        }
        return result
    }

    private func error(_ node: Node, _ message: String) -> Failure {
        ProjectionSpecError(line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, message)
    }
}
