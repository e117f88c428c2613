import Casework
import Yams

/// Reads a projection spec from YAML (docs/ANALYSTS.md) and checks it against the event
/// catalogue: event types, fields, deadline steps. A mistake is a `ProjectionSpecError` at the
/// line and column of the node at fault; a spec that names a personal field (†) is refused,
/// naming it, so that no output of an analyst's projection can hold personal data.
public enum ProjectionSpecReader {
    /// The largest spec read: 1 MiB. Specs are a few hundred bytes; this bounds the work of
    /// reading one, since anchors and aliases, which could multiply it, are refused
    /// (`SpecAnchorCheck`).
    public static let maximumSpecBytes = 1 << 20

    /// The spec in `text`.
    ///
    /// - Throws: `ProjectionSpecError` for text over `maximumSpecBytes`, YAML that does not
    ///   parse, an anchor or alias, a missing or unknown key, a value of the wrong shape, an
    ///   unknown event type, field, step or value name, and a personal field.
    public static func read(_ text: String) throws(ProjectionSpecError) -> ProjectionSpec {
        guard text.utf8.count <= maximumSpecBytes else {
            throw ProjectionSpecError(line: 0, column: 0, "the spec is larger than 1 MiB: a spec is a few lines of YAML")
        }
        try SpecAnchorCheck.check(text)
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw ProjectionSpecError(line: 1, column: 1, "the file is empty: expected a mapping with name, events, group-by and measures")
            }
            root = composed
        } catch let error as ProjectionSpecError {
            throw error
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw ProjectionSpecError(line: 0, column: 0, "not YAML: \(error)")
        }
        var reader = SpecNodeReader()
        return try reader.spec(root)
    }

    /// The YAML parser's error as a spec error at its mark.
    static func syntaxError(_ error: YamlError) -> ProjectionSpecError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let what = context.map { "\($0.text): " } ?? ""
            return ProjectionSpecError(line: mark.line, column: mark.column, "not valid YAML: \(what)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ProjectionSpecError(line: context.mark.line, column: context.mark.column,
                                       "the key \(duplicates.joined(separator: ", ")) is given twice")
        default:
            return ProjectionSpecError(line: 0, column: 0, "not valid YAML: \(error)")
        }
    }
}

/// What a spec may name as a row's value besides data fields and per-case values.
enum SpecBuiltIn {
    /// Built-in sources by name.
    static let sources: [String: ProjectionSpec.Source] = [
        "worker": .worker, "actor": .actor, "case": .caseReference, "case-type": .caseType,
        "type": .eventType, "subject": .subject, "after-implemented": .afterImplemented,
    ]
}
