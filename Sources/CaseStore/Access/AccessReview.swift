import Casework
import EventLog

/// What the safeguarding lead reviews (DOMAIN.md §9, §13; `caselog access review`): every
/// break-glass read, every user whose reads named more than N distinct subjects within an
/// hour (N the setting `access.unusual-subjects-per-hour`), and the unusual access recorded
/// as `access.unusual-detected` events, for a period.
public struct AccessReview: Sendable, Equatable {
    /// A stretch of time in which one user's reads named more than N distinct subjects within
    /// an hour: from the first read of the first such hour to the last read of the last.
    public struct BusyHour: Sendable, Equatable {
        /// Who read.
        public let user: String
        /// The first read's `recordedAt`.
        public let from: Timestamp
        /// The last read's `recordedAt`.
        public let through: Timestamp
        /// The most distinct subjects read within one hour of the stretch (a bulk read counts
        /// as many as it read).
        public let subjects: Int
        /// The reads from `from` through `through`.
        public let reads: Int

        /// A busy stretch, as the review finds it.
        public init(user: String, from: Timestamp, through: Timestamp, subjects: Int, reads: Int) {
            self.user = user
            self.from = from
            self.through = through
            self.subjects = subjects
            self.reads = reads
        }
    }

    /// An `access.unusual-detected` event: unusual access noticed when it happened.
    public struct Detected: Sendable, Equatable {
        /// The event's position.
        public let position: UInt64
        /// When it was recorded.
        public let recordedAt: Timestamp
        /// Whose access.
        public let user: String
        /// The rule: `subjects-per-hour` or `outside-team`.
        public let rule: String
        /// How many subjects.
        public let subjects: Int

        /// An event, as the review reads it.
        public init(position: UInt64, recordedAt: Timestamp, user: String, rule: String, subjects: Int) {
            self.position = position
            self.recordedAt = recordedAt
            self.user = user
            self.rule = rule
            self.subjects = subjects
        }
    }

    /// The forms `caselog access review` prints.
    public static let formats: [OutputFormat] = [.table, .json, .csv]

    /// The days reviewed.
    public let period: AccessPeriod
    /// N: more distinct subjects than this within an hour is listed (the setting in force).
    public let subjectsPerHour: Int
    /// True when the break-glass reasons were read.
    public let includesPersonal: Bool
    /// Every break-glass read of the period, in log order.
    public let breakGlassReads: [AccessLogEntry]
    /// The busy stretches, by user then time.
    public let busyHours: [BusyHour]
    /// The `access.unusual-detected` events of the period, in log order.
    public let detected: [Detected]
}

extension CaseStore {
    /// The safeguarding lead's review of `period` (`AccessReview`), with the break-glass
    /// reasons (personal data) only when `includingPersonal`.
    ///
    /// Cost: one scan of the access stream in one snapshot, then a pass over each user's
    /// reads, holding the subjects of one hour of them.
    ///
    /// - Throws: `StoreError` when the store cannot be read; `CBORError` when a record is damaged.
    public func accessReview(_ period: AccessPeriod = .whole, includingPersonal: Bool = false) throws -> AccessReview {
        try log.read { reader in
            let limit = try OrganisationSettings.inForce(in: reader).value(.accessUnusualSubjectsPerHour) ?? 50
            var readsByUser: [String: [AccessLogEntry]] = [:]
            var breakGlass: [AccessLogEntry] = []
            var detected: [AccessReview.Detected] = []
            try reader.scanStream(AccessStream.name) { record in
                guard period.contains(record.recordedAt) else { return }
                if record.typeBytes.elementsEqual(AccessStream.personalRead.utf8) {
                    let entry = try AccessLogEntry(record, includingPersonal: includingPersonal, in: reader)
                    readsByUser[entry.user, default: []].append(entry)
                    if entry.isBreakGlass { breakGlass.append(entry) }
                } else if record.typeBytes.elementsEqual(AccessStream.unusualDetected.utf8) {
                    let data = record.data
                    detected.append(AccessReview.Detected(
                        position: record.position, recordedAt: record.recordedAt, user: data["user"]?.string ?? record.actor,
                        rule: data["rule"]?.string ?? "", subjects: data["subjects"]?.integer.map { Int(clamping: $0) } ?? 0))
                }
            }
            let busy = readsByUser.keys.sorted().flatMap { user in
                BusyHourFinder(limit: limit).stretches(of: readsByUser[user] ?? [])
            }
            return AccessReview(period: period, subjectsPerHour: limit, includesPersonal: includingPersonal,
                                breakGlassReads: breakGlass, busyHours: busy, detected: detected)
        }
    }
}

/// Finds the stretches of one user's reads in which more than `limit` distinct subjects were
/// read within an hour: a window over the reads by time, holding how often each subject
/// occurs in it, so each read enters and leaves it once.
struct BusyHourFinder {
    /// More distinct subjects than this within an hour is busy.
    let limit: Int
    /// Reads less than this far apart are within an hour.
    static let hour: Int64 = 3_600_000_000

    /// The busy stretches of `reads` (all of one user), in time order.
    func stretches(of reads: [AccessLogEntry]) -> [AccessReview.BusyHour] {
        let reads = reads.sorted { ($0.recordedAt, $0.position) < ($1.recordedAt, $1.position) }
        var inWindow: [String: Int] = [:]
        var bulkInWindow = 0
        var first = 0
        var open: (start: Int, last: Int, peak: Int)?
        var found: [AccessReview.BusyHour] = []
        func close() {
            guard let stretch = open else { return }
            found.append(AccessReview.BusyHour(user: reads[stretch.start].user, from: reads[stretch.start].recordedAt,
                                               through: reads[stretch.last].recordedAt, subjects: stretch.peak,
                                               reads: stretch.last - stretch.start + 1))
            open = nil
        }
        func count(_ read: AccessLogEntry, by change: Int) {
            guard let subjects = read.subjects else {
                bulkInWindow += change * read.subjectCount
                return
            }
            for subject in Set(subjects) {
                let occurrences = inWindow[subject, default: 0] + change
                inWindow[subject] = occurrences == 0 ? nil : occurrences
            }
        }
        for (index, read) in reads.enumerated() {
            count(read, by: 1)
            while read.recordedAt.microseconds - reads[first].recordedAt.microseconds >= Self.hour {
                count(reads[first], by: -1)
                first += 1
            }
            let distinct = inWindow.count + bulkInWindow
            if distinct > limit {
                if let stretch = open {
                    open = (stretch.start, index, max(stretch.peak, distinct))
                } else {
                    open = (first, index, distinct)
                }
            } else {
                close()
            }
        }
        close()
        return found
    }
}
