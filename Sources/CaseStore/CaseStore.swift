import Casework
import EventLog
import Projections

/// The front door: one organisation's store, opened so that every write keeps the built-in
/// views current (no caller can forget them), recording typed events (`NewEvent`) through
/// the same `Recorder` that the JSON import uses.
///
/// The command line opens every store through this type, and so will the server: a rule
/// enforced here, or below, holds for both.
///
/// ```swift
/// let store = try CaseStore(openingAt: "./caselog-data")
/// let recorded = try store.record(NewEvent(type: "complaint.received", occurredAt: .now(),
///     fields: ["complainant": "P-000001", "channel": "email", "categories": ["repairs"], "summary": "Leak"]),
///     actor: "a.khan")
/// let reading = try store.readCase(recorded.caseReference, asOf: EuropeLondon.today())
/// ```
public final class CaseStore: Sendable {
    /// How to open a store.
    public struct Options: Sendable {
        /// Only to read (`EventStore.Access.readOnly`): for a user who may read the store but
        /// not write it, and for read-only media.
        public var isReadOnly = false
        /// How long a write waits for another process's write; nil (the default): the store's
        /// setting `write.wait-seconds` in force, else 10 s.
        public var writeWait: Duration?
        /// Commits that do not wait for the disk: only for tests and scratch stores.
        public var isDurable = true
        /// Whom the writes made through the store are for (`caselog --on-behalf-of NAME` on the
        /// store's machine, DOMAIN.md §13): every event written carries it as `onBehalfOf` in its
        /// data, beside the write's actor and never instead of it; not when it is the actor.
        /// 1–255 bytes with a character that is not a space. Nil (the default, and the server's):
        /// the events name no one but their actor.
        public var onBehalfOf: String?
        /// The key store of the data keys that encrypt personal (†) fields
        /// (`EventStore.Options.keyStore`); nil (the default): † fields are written in clear.
        public var keyStore: KeyStore?

        /// Read and write, durable, waiting as the store's setting says.
        public init() {}
    }

    /// The log underneath, for caselog's own commands that the front door does not wrap yet.
    /// Not public: a program outside caselog writes only through `record`, so that every
    /// event goes through the recorder's checks.
    package let log: EventStore

    /// Whom the writes are for (`Options.onBehalfOf`).
    public let onBehalfOf: String?

    /// The key store it was opened with (`Options.keyStore`), which keeps the blind index
    /// `findSubjects` searches; nil when † fields are written in clear.
    public var keyStore: KeyStore? { log.keyStore }

    /// Whether the store encrypts the personal data it writes (store format 3).
    public var isEncrypted: Bool { log.isEncrypted }

    /// True when read without LMDB's lock file (read-only media, or a lock file this user may
    /// not write): a writer at the same time could change what a read sees.
    public var readsWithoutLock: Bool { log.readsWithoutLock }

    /// The store's directory.
    public var path: String { log.path }

    /// Opens the existing store at `path`.
    ///
    /// Opened to write, a store whose settings an older caselog kept beside the log has them
    /// written into the log as events now, once (DOMAIN.md §13), by `actor`.
    ///
    /// - Throws: `StoreError.notFound`, `.permissionDenied`, `.notAStore`, `.unsupportedFormat`,
    ///   `.busy` (another process writing for longer than the wait); `CaselogError` (usage) for
    ///   an `onBehalfOf` that is not a name.
    public init(openingAt path: String, options: Options = Options(), actor: String = "caselog") throws {
        onBehalfOf = try Self.checkedOnBehalfOf(options.onBehalfOf)
        log = try EventStore(openingAt: path, options: Self.logOptions(options))
        if !options.isReadOnly {
            try OrganisationSettings.moveSettingsIntoTheLog(in: log, actor: actor, onBehalfOf: onBehalfOf)
        }
    }

    private init(log: EventStore, onBehalfOf: String?) {
        self.log = log
        self.onBehalfOf = onBehalfOf
    }

    /// Creates a store at `path` (directory mode 0700, files 0600), or opens the one there.
    ///
    /// - Returns: the store, and whether it was created now (false: it already existed).
    /// - Throws: `StoreError.cannotCreate`, `.permissionDenied`, `.notAStore`, `.unsupportedFormat`.
    public static func create(at path: String, options: Options = Options()) throws -> (store: CaseStore, created: Bool) {
        let onBehalfOf = try checkedOnBehalfOf(options.onBehalfOf)
        let (log, created) = try EventStore.create(at: path, options: logOptions(options))
        return (CaseStore(log: log, onBehalfOf: onBehalfOf), created)
    }

    /// `name` when it can be recorded as `onBehalfOf` (a staff member's name: 1–255 bytes, not
    /// only spaces).
    private static func checkedOnBehalfOf(_ name: String?) throws(CaselogError) -> String? {
        guard let name else { return nil }
        guard (1...255).contains(name.utf8.count), name.utf8.contains(where: { $0 > 0x20 }) else {
            throw CaselogError(.usage, "the name recorded as onBehalfOf must be 1 to 255 bytes, not only spaces", cause: AccessRefusal.badUserName)
        }
        return name
    }

    /// The options of the log underneath: the built-in views always follow every write.
    static func logOptions(_ options: Options) -> EventStore.Options {
        var logOptions = EventStore.Options()
        logOptions.followers = BuiltInViews.followers
        logOptions.isDurable = options.isDurable
        logOptions.keyStore = options.keyStore
        if options.isReadOnly { logOptions.access = .readOnly }
        if let wait = options.writeWait {
            logOptions.writeWait = wait
        } else {
            logOptions.writeWait = .seconds(StoreSetting.writeWaitSeconds.defaultValue ?? 10)
            logOptions.writeWaitInStore = { try OrganisationSettings.writeWait(in: $0) }
        }
        return logOptions
    }
}

extension CaseStore {
    /// Records `event` as `actor`, durably, in a write of its own.
    ///
    /// - Throws: `ValidationError` (nothing written), `AppendError.wrongExpectedVersion`,
    ///   `StoreError` (`.busy` when another process held the writer too long).
    public func record(_ event: NewEvent, actor: String) throws -> Recorder.Recorded {
        try record([event], actor: actor)[0]
    }

    /// Records `events` as `actor` in one write, all or nothing, in order: a later event may
    /// be about a case an earlier one opened. Each carries `onBehalfOf` when the store was
    /// opened for someone other than `actor`.
    ///
    /// - Throws: as `record(_:actor:)`, for the first event refused (also one whose fields give
    ///   another `onBehalfOf`); nothing is written then.
    /// `progress`, when given, is called with the count recorded every 2,048 events.
    public func record(_ events: [NewEvent], actor: String, progress: ((Int) -> Void)? = nil) throws -> [Recorder.Recorded] {
        if events.count > 10_000 { try log.reserveSpace(forAbout: events.count * 400) }
        var events = events
        if let onBehalfOf = OnBehalfOf.name(onBehalfOf, besideActor: actor) {
            for index in events.indices {
                do {
                    try OnBehalfOf.stamp(onBehalfOf, into: &events[index].fields)
                } catch {
                    throw ValidationError(error.problem, type: events[index].type, caseReference: events[index].caseReference)
                }
            }
        }
        return try log.write(actor: actor) { writer in
            var recorder = Recorder()
            var recorded: [Recorder.Recorded] = []
            recorded.reserveCapacity(events.count)
            writer.reserveCapacity(forEvents: events.count)
            for event in events {
                recorded.append(try recorder.record(event, in: &writer))
                if let progress, recorded.count % 2048 == 0 { progress(recorded.count) }
            }
            progress?(recorded.count)
            try recorder.finish(in: &writer)
            return recorded
        }
    }

    /// Imports the event lines of `reader` (docs/FORMAT.md §7) as `actor`, all or nothing: the
    /// JSON adapter over the same recorder (`Importer`). The events recorded anew carry
    /// `onBehalfOf` when the store was opened for someone other than `actor`.
    ///
    /// - Throws: `Importer.Failure` naming the bad lines (nothing written), `StoreError`,
    ///   `LineReader.ReadError`.
    /// Lines without an `id` get one derived from their content, so that running the same
    /// import again adds nothing; `lineIDs: .random` makes each a new event (`record --stdin`).
    public func importLines(_ reader: LineReader, actor: String, lineIDs: Importer.LineIDs = .derivedFromContent,
                            progress: ((Importer.Progress) -> Void)? = nil) throws -> Importer.Summary {
        try Importer(store: log, actor: actor, lineIDs: lineIDs, onBehalfOf: onBehalfOf).run(reader, progress: progress)
    }
}
