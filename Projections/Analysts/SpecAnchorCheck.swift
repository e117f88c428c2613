// libyaml, as Yams builds it. Read directly (not through Yams) because the danger is in Yams'
// composing: see `SpecAnchorCheck`.
import CYaml

/// Refuses YAML anchors (`&name`) and aliases (`*name`) in a spec before it is composed.
///
/// An alias stands for the whole node its anchor names, so anchors of anchors of anchors make a
/// few hundred bytes stand for a billion nodes. Composing a mapping hashes and compares its keys
/// (Yams checks them for duplicates), and a key that is such an alias is hashed node by node:
/// a 566-byte spec kept `caselog project run` busy for ever, inside Yams, before any of our code
/// saw a node. So the check reads libyaml's event stream, where an alias is one event, and
/// refuses the first anchor or alias at its line and column.
///
/// Specs need neither: they are a few lines (docs/ANALYSTS.md), none of the examples uses one,
/// and a spec that repeats itself can be written out. With no aliases, the nodes of a spec are
/// bounded by its text, which `ProjectionSpecReader.maximumSpecBytes` bounds.
enum SpecAnchorCheck {
    /// Throws at the first anchor or alias in `text`. Text that libyaml cannot parse is left to
    /// the composer, which reports it in its own words.
    ///
    /// - Throws: `ProjectionSpecError` at the anchor's or alias's mark.
    /// - Complexity: one pass of libyaml's parser over the text; no node is built.
    static func check(_ text: String) throws(ProjectionSpecError) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var text = text
        let found: (line: Int, column: Int, isAlias: Bool)? = text.withUTF8 { bytes in
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let mark = (line: event.start_mark.line + 1, column: event.start_mark.column + 1)
                let anchor: UnsafeMutablePointer<yaml_char_t>?
                switch event.type {
                case YAML_ALIAS_EVENT: return (mark.line, mark.column, true)
                case YAML_SCALAR_EVENT: anchor = event.data.scalar.anchor
                case YAML_SEQUENCE_START_EVENT: anchor = event.data.sequence_start.anchor
                case YAML_MAPPING_START_EVENT: anchor = event.data.mapping_start.anchor
                case YAML_STREAM_END_EVENT: return nil
                default: anchor = nil
                }
                if anchor != nil { return (mark.line, mark.column, false) }
            }
            return nil
        }
        guard let found else { return }
        throw ProjectionSpecError(line: found.line, column: found.column,
                                  "\(found.isAlias ? "an alias (*name)" : "an anchor (&name)"): anchors and aliases are not "
                                  + "allowed in a spec (one can stand for millions of nodes); write the value out")
    }
}
