import Dispatch
import EventLog
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads, parses and checks lines on a second thread while the caller writes the lines
/// prepared before them: the JSON and the catalogue checks of an import overlap the appends.
///
/// Lines are handed over in order, in chunks, through a queue of a few chunks, so memory stays
/// bounded whatever the input's size. Small inputs are prepared on the caller's thread.
enum PreparedLines {
    /// Lines per chunk handed from the reading thread to the writer.
    static let chunkSize = 1_024
    /// Bytes of input per chunk, at most (and one line): a chunk of long lines is handed over
    /// sooner, so that the lines read ahead of the writer hold a few megabytes, however long.
    static let chunkBytes = 4 << 20
    /// Chunks the reading thread may run ahead of the writer.
    static let chunksAhead = 4
    /// Inputs smaller than this are read on the caller's thread (a thread costs more than it saves).
    static let parallelThreshold = 256 << 10

    /// Calls `body` with each line of `reader`, prepared, in order, on the caller's thread
    /// (lent: the pointer is valid during the call).
    /// If `body` throws, reading stops and the error is rethrown once the reading thread has ended.
    /// `derivingIDs`: see `LinePreparer`.
    static func forEach(in reader: LineReader, derivingIDs: Bool, _ body: (UnsafePointer<PreparedLine>) throws -> Void) throws {
        if let total = reader.totalBytes, total >= parallelThreshold, try forEachReadAhead(in: reader, derivingIDs: derivingIDs, body) {
            return
        }
        var preparer = LinePreparer(derivingIDs: derivingIDs, maximumLineLength: reader.maximumLineLength)
        try reader.forEachLineOrTooLong { number, bytes, offset in
            try withUnsafePointer(to: preparer.prepare(number, bytes, offset)) { try body($0) }
        }
    }

    /// `forEach` with a reading thread; false, having done nothing, when no thread can be started.
    private static func forEachReadAhead(in reader: LineReader, derivingIDs: Bool,
                                         _ body: (UnsafePointer<PreparedLine>) throws -> Void) throws -> Bool {
        let queue = ChunkQueue(capacity: chunksAhead)
        let lent = LentReader(reader: reader)
        let finished = DispatchSemaphore(value: 0)
        // A thread of its own, not a pool's: it blocks while the writer catches up.
        let started = startThread {
            defer { finished.signal() }
            var preparer = LinePreparer(derivingIDs: derivingIDs, maximumLineLength: lent.reader.maximumLineLength)
            var chunk: [PreparedLine] = []
            chunk.reserveCapacity(chunkSize)
            var bytesInChunk = 0
            do {
                try lent.reader.forEachLineOrTooLong { number, bytes, offset in
                    chunk.append(preparer.prepare(number, bytes, offset))
                    bytesInChunk += bytes?.count ?? 0
                    if chunk.count == chunkSize || bytesInChunk >= chunkBytes {
                        guard queue.put(.lines(chunk)) else { throw Stopped() }
                        chunk = queue.takeBackEmptied() ?? []
                        chunk.reserveCapacity(chunkSize)
                        bytesInChunk = 0
                    }
                }
                if !chunk.isEmpty { _ = queue.put(.lines(chunk)) }
                _ = queue.put(.end)
            } catch is Stopped {
                // The writer stopped taking lines; it is not waiting for more.
            } catch {
                _ = queue.put(.failed(error))
            }
        }
        guard started else { return false }
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
                return true
            case .failed(let error):
                throw error
            }
        }
    }

    /// Runs `body` on a new detached thread; false when the system will not start one.
    private static func startThread(_ body: @escaping @Sendable () -> Void) -> Bool {
        final class Work: Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let work = Unmanaged.passRetained(Work(body))
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let result = pthread_create(&thread, nil, { argument in
            Unmanaged<Work>.fromOpaque(argument!).takeRetainedValue().body()
            return nil
        }, work.toOpaque())
        guard result == 0 else {
            work.release()
            return false
        }
        #if canImport(Darwin)
        pthread_detach(thread!)
        #else
        pthread_detach(thread)
        #endif
        return true
    }

    private struct Stopped: Error {}

    /// The reader, lent to the reading thread while the caller waits for it to finish.
    private struct LentReader: @unchecked Sendable {
        let reader: LineReader
    }

    private enum Item: Sendable {
        case lines([PreparedLine])
        case end
        /// An error of the reading thread, thrown by the writer.
        case failed(any Error)
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
