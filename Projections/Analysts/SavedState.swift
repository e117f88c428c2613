import Codec

/// A kept projection's state as saved in the `analyst-states` view: one map of deterministic
/// CBOR (RFC 8949 §4.2) holding the layout, the spec text it was folded for, and the
/// `ProjectionState` (docs/FORMAT.md §2, "Analysts' kept projections", lays out every byte).
///
/// A state in another layout, saved for other spec text, or damaged is not read: the
/// projection is folded again from position 1, which is always safe since the state is derived
/// from the log. That is also how a state saved by a caselog that wrote Foundation's JSON
/// (layouts 1 to 3, whose first byte is `{`) is met: it is folded again once, and saved in this
/// layout.
struct SavedState {
    /// Change whenever the layout or what `ProjectionState` means changes (1–3 were JSON).
    static let currentLayout: Int64 = 4

    /// The keys of the map, in deterministic order (shorter first, then bytewise), as `encode`
    /// writes them.
    static let keys = ["rows", "cases", "layout", "workers", "position", "specText", "subjects", "implementedAt",
                       "subjectOfCase", "findingFactors", "reviewOpenedAt", "recommendationFindings"]

    /// The spec text the state was folded for.
    var specText: String
    /// What was folded.
    var state: ProjectionState

    /// `state`, folded for `specText`, as the bytes to save. Costs one pass over the state, a
    /// sort of each dictionary's keys, and the bytes' growth (no per-row allocation).
    static func encode(_ state: ProjectionState, specText: String) -> [UInt8] {
        var writer = CBORWriter(capacity: 4096)
        writer.writeMapHeader(count: keys.count)
        writer.writeText("rows")
        writer.writeArrayHeader(count: state.rows.count)
        for row in state.rows { row.encode(into: &writer) }
        writer.writeText("cases")
        state.encodeCases(into: &writer)
        writer.writeText("layout")
        writer.writeInteger(currentLayout)
        writer.writeText("workers")
        state.encodeWorkers(into: &writer)
        writer.writeText("position")
        writer.writeUnsigned(state.position)
        writer.writeText("specText")
        writer.writeText(specText)
        writer.writeText("subjects")
        writer.writeSortedMap(state.subjects) { attributes, writer in
            writer.writeSortedMap(attributes) { value, writer in value.encode(into: &writer) }
        }
        writer.writeText("implementedAt")
        writer.writeSortedMap(state.implementedAt) { at, writer in writer.writeInteger(at) }
        writer.writeText("subjectOfCase")
        state.encodeSubjectOfCase(into: &writer)
        writer.writeText("findingFactors")
        writer.writeSortedMap(state.findingFactors) { texts, writer in writer.writeTexts(texts) }
        writer.writeText("reviewOpenedAt")
        writer.writeSortedMap(state.reviewOpenedAt) { at, writer in writer.writeInteger(at) }
        writer.writeText("recommendationFindings")
        writer.writeSortedMap(state.recommendationFindings) { texts, writer in writer.writeTexts(texts) }
        return writer.bytes
    }

    /// The state in `bytes` when it is in the current layout and was folded for `specText`;
    /// nil otherwise (the caller folds from position 1). Costs one pass over the bytes and the
    /// allocations of the state built.
    static func decode(_ bytes: UnsafeRawBufferPointer, specText: String) -> SavedState? {
        var state = ProjectionState()
        var layout: Int64?
        var isForSpec = false
        do {
            try CBORView(bytes).eachEntry(expecting: keys.count) { key, value in
                switch key {
                case "rows": state.rows = try value.mapElements(ProjectionState.Row.init(cbor:))
                case "cases": try state.decodeCases(value)
                case "layout": layout = try value.int()
                case "workers": try state.decodeWorkers(value)
                case "position": state.position = try value.unsigned()
                case "specText": isForSpec = value.textBytes.map { specText.utf8.elementsEqual($0) } ?? false
                case "subjects": state.subjects = try value.mapEntries { try $0.mapEntries(ProjectionValue.decoded(from:)) }
                case "implementedAt": state.implementedAt = try value.mapEntries { try $0.int() }
                case "subjectOfCase": try state.decodeSubjectOfCase(value)
                case "findingFactors": state.findingFactors = try value.mapEntries { try $0.textArray() }
                case "reviewOpenedAt": state.reviewOpenedAt = try value.mapEntries { try $0.int() }
                case "recommendationFindings": state.recommendationFindings = try value.mapEntries { try $0.textArray() }
                default: throw MalformedState()
                }
            }
        } catch {
            return nil
        }
        guard layout == currentLayout, isForSpec else { return nil }
        return SavedState(specText: specText, state: state)
    }

    /// `decode` of an array's bytes.
    static func decode(_ bytes: [UInt8], specText: String) -> SavedState? {
        bytes.withUnsafeBytes { decode($0, specText: specText) }
    }

    /// The position of the state in `bytes` when it is in the current layout and was folded for
    /// `specText`, without building the state: one pass that skips the rows and cases.
    static func position(in bytes: [UInt8], specText: String) -> UInt64? {
        var layout: Int64?, position: UInt64?, isForSpec = false
        bytes.withUnsafeBytes { bytes in
            CBORView(bytes).forEachEntry { key, value in
                if key.elementsEqual("layout".utf8) { layout = value.integer }
                else if key.elementsEqual("position".utf8) { position = value.integer.flatMap(UInt64.init(exactly:)) }
                else if key.elementsEqual("specText".utf8) { isForSpec = value.textBytes.map { specText.utf8.elementsEqual($0) } ?? false }
            }
        }
        return layout == currentLayout && isForSpec ? position : nil
    }
}
