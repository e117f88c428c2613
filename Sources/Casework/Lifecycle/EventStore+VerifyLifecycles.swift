import EventLog

extension EventStore {
    /// `verify` (the chain, every record and index), then, when that holds, every case's and
    /// subject's lifecycle kept with its head against its records (`LifecycleVerifier`): what
    /// `caselog verify` and a backup's check run.
    ///
    /// - Parameter progress: called now and then with (steps done, steps in all): a step per
    ///   record in each of the two walks.
    /// - Returns: `.intact`, or the first position that fails.
    /// - Complexity: two scans of the log.
    public func verifyWithLifecycles(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> VerificationReport {
        let chain = try verify { done, total in progress?(done, 2 * total) }
        guard chain.isIntact else { return chain }
        // Nothing erases a personal section yet (erasure per subject is to come, with its
        // `subject.erased` event): a section blanked to envelope 0 is someone's deletion.
        if let erased = chain.firstErasedPosition {
            return VerificationReport(outcome: .broken(position: erased, reason: "its personal-data section was blanked (envelope 0, "
                + "erased), but nothing in the log erased it: \(chain.erasedSections) such section\(chain.erasedSections == 1 ? "" : "s")"),
                head: chain.head, recordsChecked: chain.recordsChecked)
        }
        let mismatch = try read { reader in
            try LifecycleVerifier.check(in: reader) { done, total in progress?(total + done, 2 * total) }
        }
        guard let mismatch else { return chain }
        return VerificationReport(outcome: .broken(position: mismatch.position, reason: mismatch.reason), head: chain.head,
                                  recordsChecked: chain.recordsChecked)
    }
}
