import Dispatch
import EventLog
import Synchronization

/// One input line as the reading side leaves it: parsed, and its data checked against the
/// catalogue. What needs the store (references, versions, lifecycles) is left to the writer.
struct PreparedLine: Sendable {
    /// The line's number, from 1.
    let number: Int
    /// Bytes of input read through the end of this line (for progress).
    let offset: Int
    let outcome: Outcome

    enum Outcome: Sendable {
        /// Only spaces and tabs: not an event.
        case blank
        /// Not a valid event line.
        case unreadable(EventLineError)
        /// An event line, and what checking its data against its type found.
        case parsed(Parsed)
    }

    /// An event line and what checking its data found, held by reference so that lending a
    /// line to the writer does not copy its parts.
    final class Parsed: Sendable {
        let line: EventLine
        let form: Result<Checked, ValidationError>

        init(line: EventLine, form: Result<Checked, ValidationError>) {
            self.line = line
            self.form = form
        }
    }

    /// A line's type and data, checked for form; corrections are resolved by the writer.
    struct Checked: Sendable {
        let spec: EventTypeSpec
        let data: ValidatedData
    }
}

/// Reads, parses and checks lines on a second thread while the caller writes the lines
/// prepared before them: the JSON and the catalogue checks of an import overlap the appends.
///
/// Lines are handed over in order, in chunks, through a queue of a few chunks, so memory stays
/// bounded whatever the input's size. Small inputs are prepared on the caller's thread.
enum PreparedLines {
    /// Lines per chunk handed from the reading thread to the writer.
    static let chunkSize = 1_024
    /// Chunks the reading thread may run ahead of the writer.
    static let chunksAhead = 4
    /// Inputs smaller than this are read on the caller's thread (a thread costs more than it saves).
    static let parallelThreshold = 256 << 10

    /// Calls `body` with each line of `reader`, prepared, in order, on the caller's thread
    /// (lent: the pointer is valid during the call).
    /// If `body` throws, reading stops and the error is rethrown once the reading thread has ended.
    static func forEach(in reader: LineReader, _ body: (UnsafePointer<PreparedLine>) throws -> Void) throws {
        guard let total = reader.totalBytes, total >= parallelThreshold else {
            var preparer = LinePreparer()
            try reader.forEachLine { number, bytes, offset in
                try withUnsafePointer(to: preparer.prepare(number, bytes, offset)) { try body($0) }
            }
            return
        }
        let queue = ChunkQueue(capacity: chunksAhead)
        let lent = LentReader(reader: reader)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            defer { finished.signal() }
            var preparer = LinePreparer()
            var chunk: [PreparedLine] = []
            chunk.reserveCapacity(chunkSize)
            do {
                try lent.reader.forEachLine { number, bytes, offset in
                    chunk.append(preparer.prepare(number, bytes, offset))
                    if chunk.count == chunkSize {
                        guard queue.put(.lines(chunk)) else { throw Stopped() }
                        chunk = queue.takeBackEmptied() ?? []
                        chunk.reserveCapacity(chunkSize)
                    }
                }
                if !chunk.isEmpty { _ = queue.put(.lines(chunk)) }
                _ = queue.put(.end)
            } catch is Stopped {
                // The writer stopped taking lines; it is not waiting for more.
            } catch {
                _ = queue.put(.failed(ReadFailure(error: error)))
            }
        }
        defer {
            queue.stop()
            finished.wait()
        }
        while true {
            switch queue.take() {
            case .lines(let lines):
                try lines.withUnsafeBufferPointer { lines in
                    // Lent by address: passing the line itself copies it (a retain of each part).
                    for index in lines.indices { try body(lines.baseAddress! + index) }
                }
                // The reading thread frees what it allocated: freeing it here would contend
                // with it for its allocator's lock.
                queue.giveBack(consume lines)
            case .end:
                return
            case .failed(let failure):
                throw failure.error
            }
        }
    }

    private struct Stopped: Error {}

    /// The reader, lent to the reading thread while the caller waits for it to finish.
    private struct LentReader: @unchecked Sendable {
        let reader: LineReader
    }

    /// An error of the reading thread, handed to the writer (it is thrown there, once).
    private struct ReadFailure: @unchecked Sendable {
        let error: any Error
    }

    private enum Item: Sendable {
        case lines([PreparedLine])
        case end
        case failed(ReadFailure)
    }

    /// A bounded first-in first-out queue between one reading thread and one writer.
    private final class ChunkQueue: Sendable {
        private struct State {
            var items: [Item] = []
            var head = 0
            var stopped = false
            /// Chunks the writer has finished with, for the reading thread to free.
            var returned: [[PreparedLine]] = []
        }

        private let state = Mutex(State())
        /// Free places: the reader waits on it before a put.
        private let free: DispatchSemaphore
        /// Items waiting: the writer waits on it before a take.
        private let waiting = DispatchSemaphore(value: 0)

        init(capacity: Int) {
            // Made at zero and raised: libdispatch traps when a semaphore is freed below the
            // value it was made with, which a stopped queue may leave it.
            free = DispatchSemaphore(value: 0)
            for _ in 0..<capacity { free.signal() }
        }

        /// Adds `item`; false once the writer has stopped taking.
        func put(_ item: Item) -> Bool {
            // Once stopped, no wait: the one place `stop` frees has been used.
            if state.withLock({ $0.stopped }) { return false }
            free.wait()
            let accepted = state.withLock { state in
                guard !state.stopped else { return false }
                state.items.append(item)
                return true
            }
            if accepted { waiting.signal() }
            return accepted
        }

        /// The next item, waiting for it.
        func take() -> Item {
            waiting.wait()
            let item = state.withLock { state in
                // Moved out, so that the writer holds the only reference to its lines.
                var item = Item.end
                swap(&item, &state.items[state.head])
                state.head += 1
                if state.head == state.items.count {
                    state.items.removeAll(keepingCapacity: true)
                    state.head = 0
                }
                return item
            }
            free.signal()
            return item
        }

        /// Hands a finished chunk back to the reading thread.
        func giveBack(_ lines: consuming [PreparedLine]) {
            var moved: [PreparedLine]? = consume lines
            state.withLock { $0.returned.append(moved.take()!) }
        }

        /// Frees the chunks the writer has finished with, on the reading thread; returns one
        /// of them emptied, to be filled again.
        func takeBackEmptied() -> [PreparedLine]? {
            var returned = state.withLock { state in
                var taken: [[PreparedLine]] = []
                swap(&taken, &state.returned)
                return taken
            }
            guard var reused = returned.popLast() else { return nil }
            returned.removeAll()
            reused.removeAll(keepingCapacity: true)
            return reused
        }

        /// Takes no more items: the reader's next put returns false instead of waiting.
        func stop() {
            state.withLock { $0.stopped = true }
            free.signal()
        }
    }
}

/// Parses lines and checks their data for form, with its own scratch space.
struct LinePreparer {
    private var parser = EventLineParser()

    mutating func prepare(_ number: Int, _ bytes: UnsafeRawBufferPointer, _ offset: Int) -> PreparedLine {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return PreparedLine(number: number, offset: offset, outcome: .blank) }
        let line: EventLine
        do {
            line = try parser.parse(bytes)
        } catch {
            return PreparedLine(number: number, offset: offset, outcome: .unreadable(error))
        }
        return PreparedLine(number: number, offset: offset, outcome: .parsed(PreparedLine.Parsed(line: line, form: Self.check(line))))
    }

    /// The line's data checked against its type (and its type against its case, when it names
    /// one); corrections are checked for form only.
    static func check(_ line: EventLine) -> Result<PreparedLine.Checked, ValidationError> {
        do {
            let spec: EventTypeSpec
            if let reference = line.caseReference {
                spec = try EventValidator.typeSpec(named: line.type, stream: reference)
            } else {
                spec = try EventValidator.openingSpec(of: line.type)
            }
            let data = try EventDataValidator.validate(line.data, personal: line.personal, as: spec, resolvesCorrections: false)
            // The log's own check of the encoding, done here so that the writer need not
            // (`LogWriter.dataIsCheckedByCaller`).
            for (field, bytes) in [("data", data.data), ("personal", data.personal)] {
                guard let bytes else { continue }
                do {
                    try bytes.withUnsafeBytes { try DeterministicCBOR.validate($0, requireMap: true) }
                } catch {
                    throw ValidationError(.wrongValue(field: field, found: "\(error)", expected: "deterministic CBOR"), type: spec.name)
                }
            }
            return .success(PreparedLine.Checked(spec: spec, data: data))
        } catch let error as ValidationError {
            return .failure(error)
        } catch {
            preconditionFailure("checking data for form throws only ValidationError: \(error)")
        }
    }
}
