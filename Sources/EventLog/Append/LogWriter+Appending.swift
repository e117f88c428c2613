import LMDB

/// The ways to append: one event or several, with or without a transition. Each lends its
/// events to `appendEvents` (LogWriter.swift) by pointer, without copying them.
extension LogWriter {
    /// Appends `events` to `stream`, in order, if the stream is at `expected`.
    ///
    /// When the first event's id is already in the log and every event matches what is there,
    /// nothing is written and the original positions are returned (an idempotent retry).
    /// `transition`, when given, is called for each event with the stream's head as it will be
    /// before that event (its `state` is the layers above's to change); throwing refuses the
    /// whole append. A refused append leaves nothing behind, so the write may go on.
    ///
    /// - Throws: `AppendError` (nothing appended), or `LMDBError` (abandon the write).
    /// - Complexity: O(events × log n) B-tree operations, plus SHA-256 of each record.
    @discardableResult
    public mutating func append(
        _ events: [ProposedEvent], to stream: String, expecting expected: ExpectedVersion = .any
    ) throws -> AppendResult {
        try events.withUnsafeBufferPointer { events in
            try appendEvents(events, to: stream, expecting: expected, transition: nil)
        }
    }

    /// Appends `events` to `stream` with a `transition`. See `append(_:to:expecting:)`.
    @discardableResult
    public mutating func append(
        _ events: [ProposedEvent], to stream: String, expecting expected: ExpectedVersion = .any,
        transition: (inout StreamHead, borrowing ProposedEvent) throws -> Void
    ) throws -> AppendResult {
        try events.withUnsafeBufferPointer { events in
            // The closure stays on the stack: no heap context per append.
            try withoutActuallyEscaping({ (head: inout StreamHead, index: Int) throws in try transition(&head, events[index]) }) {
                try appendEvents(events, to: stream, expecting: expected, transition: $0)
            }
        }
    }

    /// Appends one event. See `append(_:to:expecting:)`.
    @discardableResult
    public mutating func append(
        _ event: consuming ProposedEvent, to stream: String, expecting expected: ExpectedVersion = .any
    ) throws -> AppendResult {
        // Taken, not copied: a copy of an event costs a retain and a release of each of its
        // parts, and lending a borrowed one by pointer would copy it to the stack.
        try withUnsafePointer(to: &event) { event in
            try appendEvents(UnsafeBufferPointer(start: event, count: 1), to: stream, expecting: expected, transition: nil)
        }
    }

    /// Appends one event with a `transition`. See `append(_:to:expecting:)`.
    @discardableResult
    public mutating func append(
        _ event: consuming ProposedEvent, to stream: String, expecting expected: ExpectedVersion = .any,
        transition: (inout StreamHead, borrowing ProposedEvent) throws -> Void
    ) throws -> AppendResult {
        try withUnsafePointer(to: &event) { event in
            try withoutActuallyEscaping({ (head: inout StreamHead, _: Int) throws in try transition(&head, event.pointee) }) {
                try appendEvents(UnsafeBufferPointer(start: event, count: 1), to: stream, expecting: expected, transition: $0)
            }
        }
    }

    /// Appends one event with a `transition` that is not lent the event (its caller has it
    /// already). See `append(_:to:expecting:transition:)`: lending an event to a closure copies
    /// it (a retain and a release of each part), which the importer does without.
    @discardableResult
    package mutating func append(
        _ event: consuming ProposedEvent, to stream: String, expecting expected: ExpectedVersion = .any,
        headTransition transition: (inout StreamHead) throws -> Void
    ) throws -> AppendResult {
        try withUnsafePointer(to: &event) { event in
            try withoutActuallyEscaping({ (head: inout StreamHead, _: Int) throws in try transition(&head) }) {
                try appendEvents(UnsafeBufferPointer(start: event, count: 1), to: stream, expecting: expected, transition: $0)
            }
        }
    }
}
