import Casework

extension CaseStore {
    /// Why a text was refused as a case or subject reference.
    public struct NotAReference: Error, Sendable {
        public let text: String
    }

    /// Refuses `text` unless it is a case or subject reference (`CMP-2025-000001`, `P-000001`):
    /// the one check and line of `caselog case`, `caselog replay` and their routes, made before
    /// the store is opened. `kind` is how the asking command reports it (DOMAIN.md §13: `case`
    /// 65, 422; `replay` 64, 400); a long text is named by its first 60 characters and its length.
    ///
    /// - Throws: `CaselogError` of `kind`.
    public static func checkReference(_ text: String, refusedAs kind: CaselogError.Kind) throws(CaselogError) {
        guard CaseReference(text) == nil else { return }
        throw CaselogError(kind, "\"\(ValidationError.shown(text))\" is not a reference: expected "
            + CaseType.allCases.map(\.pattern).joined(separator: ", "), cause: NotAReference(text: text))
    }
}
