import LMDB

extension EventStore {
    /// Replaces the personal sections at `positions` with the erased section (envelope 0,
    /// docs/FORMAT.md §5), in one durable write: the crypto erasure's second half, after the
    /// streams' keys are destroyed, so that the log itself says the sections are gone. The
    /// records, and so the chain, are unchanged. A position without a section, or whose
    /// section is erased already, is passed over. Returns how many sections were replaced.
    ///
    /// Only the command that erases calls this, after recording what it erases: a section
    /// blanked without that record is a deletion `verify` reports.
    ///
    /// - Throws: `StoreError.readOnly`, `.busy`, `.storage`.
    @discardableResult
    public func erasePersonalSections(at positions: [UInt64]) throws -> Int {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        let personal = queries.databases.personal
        return try mappingStorageErrors {
            try environment.write { txn in
                var replaced = 0
                for position in positions {
                    guard let section = try txn.value(for: BigEndianKey(position), in: personal) else { continue }
                    if section.count == 1 && section[0] == PersonalSectionView.erasedEnvelope { continue }
                    try txn.put([PersonalSectionView.erasedEnvelope], for: BigEndianKey(position), in: personal)
                    replaced += 1
                }
                return replaced
            }
        }
    }
}
