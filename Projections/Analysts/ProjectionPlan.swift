#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Casework
import EventLog
import Codec

/// A spec compiled once for the scan: the event types it reads as byte strings with what each
/// one feeds, the conditions with their field keys and values as bytes, and the row values to
/// keep. The hot loop (`ProjectionRun.apply`) compares bytes and makes no `String` for a record
/// it does not keep.
public struct ProjectionPlan: Sendable {
    /// The spec it was compiled from.
    public let spec: ProjectionSpec

    /// One event type the plan reads, and what it feeds.
    struct TypeEntry: Sendable {
        /// The type's name, as in the catalogue.
        let name: String
        /// Its UTF-8 bytes, compared with a record's `typeBytes`.
        let bytes: [UInt8]
        /// Its entry in the catalogue, whose personal fields are never read.
        let spec: EventTypeSpec?
        /// True for the spec's `events.types`: it makes a row (or puts its case in the table).
        var isRow = false
        /// The per-case values (indices in `spec.perCase`) it feeds.
        var folds: [Int] = []
        /// `case.assigned`, kept for `worker`.
        var isAssignment = false
        /// The data field of an opening event that names the case's subject.
        var subjectField: [UInt8]?
        /// `subject.registered` or `subject.details-changed`, kept for `subject.ATTRIBUTE`.
        var isSubjectDetails = false
        /// `review.finding-recorded`, `review.recommendation-made`, `review.recommendation-implemented`,
        /// kept for `after-implemented`.
        var review: ReviewRole?
    }

    /// What a panel review event tells `after-implemented`.
    enum ReviewRole: Sendable { case opened, finding, recommendation, implemented }

    /// A condition with its field's key and values as bytes.
    struct CompiledCondition: Sendable {
        let key: [UInt8]
        let test: ProjectionSpec.Condition.Test
    }

    /// Every type the plan reads.
    let types: [TypeEntry]
    /// The stream prefixes (`CMP-`) of the case types read.
    let prefixes: [[UInt8]]
    /// The spec's conditions, compiled.
    let conditions: [CompiledCondition]
    /// The values a row keeps when its event is read (everything but per-case values), in order.
    let captured: [ProjectionSpec.Source]
    /// The data keys of captured fields, aligned with `captured` (empty for other sources).
    let capturedKeys: [[UInt8]]
    /// Subject attributes to keep, with their key bytes.
    let subjectAttributes: [(name: String, key: [UInt8])]
    /// True when rows or values need the case's worker, subject, case file, or panel findings.
    let needsWorker: Bool
    let needsSubject: Bool
    let needsCaseFile: Bool
    let needsFindings: Bool

    /// Compiles `spec`.
    public init(_ spec: ProjectionSpec) {
        self.spec = spec
        var entries: [TypeEntry] = []
        func entry(_ name: String) -> Int {
            if let index = entries.firstIndex(where: { $0.name == name }) { return index }
            entries.append(TypeEntry(name: name, bytes: Array(name.utf8), spec: EventCatalogue.type(named: name)))
            return entries.count - 1
        }
        for type in spec.eventTypes { entries[entry(type)].isRow = true }
        for (index, value) in spec.perCase.enumerated() {
            switch value.fold {
            case .first(let type, _), .last(let type, _), .exists(let type): entries[entry(type)].folds.append(index)
            case .count(let types): for type in types { entries[entry(type)].folds.append(index) }
            case .workingDays(let from, let to), .hours(let from, let to), .days(let from, let to):
                entries[entry(from)].folds.append(index)
                if to != from { entries[entry(to)].folds.append(index) }
            case .deadline: break
            }
        }
        var sources: [ProjectionSpec.Source] = []
        for dimension in spec.groupBy { if case .value(let source, _) = dimension { sources.append(source) } }
        for measure in spec.measures {
            switch measure.kind {
            case .count: break
            case .countWhere(let source, _), .distinct(let source), .sum(let source), .min(let source), .max(let source),
                 .mean(let source), .median(let source), .percentile(_, let source), .share(let source, _):
                sources.append(source)
            }
        }
        var captured: [ProjectionSpec.Source] = []
        for source in sources where !captured.contains(source) {
            if case .caseValue = source { continue }
            captured.append(source)
        }
        self.captured = captured
        capturedKeys = captured.map { if case .field(let name) = $0 { Array(name.utf8) } else { [] } }
        var attributes: [(name: String, key: [UInt8])] = []
        for case .subjectAttribute(let name) in captured { attributes.append((name, Array(name.utf8))) }
        subjectAttributes = attributes
        needsWorker = captured.contains(.worker)
        needsSubject = captured.contains(.subject) || !attributes.isEmpty
        needsFindings = captured.contains(.afterImplemented)
        needsCaseFile = spec.perCase.contains { if case .deadline = $0.fold { true } else { false } }
        typealias Names = CatalogueNames
        if needsWorker { entries[entry(Names.assignment.type)].isAssignment = true }
        if needsSubject {
            for (type, field) in Names.subjectOfOpening { entries[entry(type)].subjectField = Array(field.utf8) }
            if !attributes.isEmpty {
                for type in Names.subjectDetails { entries[entry(type)].isSubjectDetails = true }
            }
        }
        if needsFindings {
            entries[entry(Names.reviewOpened)].review = .opened
            entries[entry(Names.findingRecorded.type)].review = .finding
            entries[entry(Names.recommendationMade.type)].review = .recommendation
            entries[entry(Names.recommendationImplemented.type)].review = .implemented
        }
        types = entries
        prefixes = spec.caseTypes.map { Array(($0.prefix + "-").utf8) }
        conditions = spec.conditions.map { CompiledCondition(key: Array($0.field.utf8), test: $0.test) }
    }

    /// The index in `types` of the type `bytes`; nil for a type the plan does not read.
    /// Compares lengths first, then bytes; allocates nothing.
    @inline(__always)
    func typeIndex(_ bytes: UnsafeRawBufferPointer) -> Int? {
        for index in types.indices {
            let candidate = types[index].bytes
            if candidate.count == bytes.count,
               candidate.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                return index
            }
        }
        return nil
    }

    /// True when `stream` is a case of one of the spec's case types.
    @inline(__always)
    func readsStream(_ stream: UnsafeRawBufferPointer) -> Bool {
        for prefix in prefixes where prefix.count <= stream.count {
            if prefix.withUnsafeBytes({ memcmp($0.baseAddress!, stream.baseAddress!, prefix.count) == 0 }) { return true }
        }
        return false
    }

    /// True when `data` satisfies every condition. Compares bytes; allocates nothing.
    func matches(_ data: CBORView) -> Bool {
        for condition in conditions {
            let value = condition.key.withUnsafeBytes { data.value(forKey: $0) }
            guard Self.test(condition.test, value) else { return false }
        }
        return true
    }

    private static func test(_ test: ProjectionSpec.Condition.Test, _ value: CBORView?) -> Bool {
        switch test {
        case .exists(let expected): return (value != nil && value?.isNull == false) == expected
        case .equals(let wanted): return value.map { holds($0, wanted) } ?? false
        case .oneOf(let wanted): return value.map { item in wanted.contains { holds(item, $0) } } ?? false
        case .noneOf(let unwanted): return value.map { item in !unwanted.contains { holds(item, $0) } } ?? true
        case .atLeast(let bound): return (value?.double).map { $0 >= bound } ?? false
        case .atMost(let bound): return (value?.double).map { $0 <= bound } ?? false
        }
    }

    /// True when `item` is `wanted`, or is a list holding it.
    private static func holds(_ item: CBORView, _ wanted: ProjectionValue) -> Bool {
        if item.kind == .array {
            var found = false
            item.forEachElement { if !found, equal($0, wanted) { found = true } }
            return found
        }
        return equal(item, wanted)
    }

    private static func equal(_ item: CBORView, _ wanted: ProjectionValue) -> Bool {
        switch wanted {
        case .text(var text):
            guard let bytes = item.textBytes else { return false }
            return text.withUTF8 { $0.count == bytes.count && ($0.count == 0 || memcmp($0.baseAddress!, bytes.baseAddress!, $0.count) == 0) }
        case .integer(let number): return item.integer == number || item.double == Double(number)
        case .number(let number): return item.double == number
        case .bool(let flag): return item.bool == flag
        case .null: return item.isNull
        case .list: return false
        }
    }
}
