import EventLog

/// Parses lines and checks their data for form, with its own scratch space.
struct LinePreparer {
    private var parser = EventLineParser()
    /// Whether lines without an id get one derived from their content here (`Importer.LineIDs`).
    private let derivesIDs: Bool
    private var derivedIDs = DerivedEventIDs()
    /// For sealing personal fields here rather than on the writing thread.
    private var salts = SaltPool()
    private let hasher = SHA256()

    /// The longest line read (`LineReader.maximumLineLength`), for the message of a longer one.
    private let maximumLineLength: Int

    init(derivingIDs: Bool, maximumLineLength: Int = LineReader.maximumLineLength) {
        derivesIDs = derivingIDs
        self.maximumLineLength = maximumLineLength
    }

    /// Line `number`, `bytes` of it (nil: it was longer than `maximumLineLength`, and skipped),
    /// read through `offset`, parsed and checked for form.
    mutating func prepare(_ number: Int, _ bytes: UnsafeRawBufferPointer?, _ offset: Int) -> PreparedLine {
        guard let bytes else {
            let limit = LineReader.describe(maximumLineLength)
            return PreparedLine(number: number, offset: offset,
                                outcome: .unreadable(EventLineError("the line is longer than \(limit), the most an event line may be")))
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return PreparedLine(number: number, offset: offset, outcome: .blank) }
        let line: EventLine
        do {
            line = try parser.parse(bytes)
        } catch {
            return PreparedLine(number: number, offset: offset, outcome: .unreadable(error))
        }
        let form = check(line, typeSpec: parser.typeSpec)
        var derivedID: EventID?
        // In input order, as the writer would: an id counts the identical lines before it.
        if case .success(let checked) = form, !checked.spec.correctsAnEvent {
            if derivesIDs, line.id == nil {
                derivedID = derivedIDs.next(stream: line.caseReference ?? "", type: line.type, occurredAt: line.occurredAt,
                                            data: checked.data.data, personal: checked.data.personal)
            }
            // Built here rather than on the writing thread (`Checked.takeEvent`); the writer
            // sets what only it knows (a drawn id, restored times).
            checked.prepare(ProposedEvent(
                id: line.id ?? derivedID ?? .zero, type: line.type, occurredAt: line.occurredAt, data: checked.data.data,
                personal: checked.sealedPersonal,
                correlationID: line.correlationID, causationID: line.causationID))
        }
        return PreparedLine(number: number, offset: offset, outcome: .parsed(PreparedLine.Parsed(line: line, form: form, derivedID: derivedID)))
    }

    /// The line's data checked against its type (and its type against its case, when it names
    /// one); corrections are checked for form only. `typeSpec` is the catalogue's entry for
    /// the line's type when the parser found it (nil: looked up here).
    mutating func check(_ line: EventLine, typeSpec known: EventTypeSpec? = nil) -> Result<PreparedLine.Checked, ValidationError> {
        do {
            let spec: EventTypeSpec
            if let reference = line.caseReference {
                spec = try EventValidator.typeSpec(named: line.type, stream: reference, known: known)
            } else {
                spec = try EventValidator.openingSpec(of: line.type)
            }
            // A correction's fields are those of the event it corrects, which only the writer
            // can look up: it is checked there, in full (`EventValidator.resolve`).
            if spec.correctsAnEvent {
                return .success(PreparedLine.Checked(spec: spec, data: ValidatedData(data: line.data, personal: line.personal)))
            }
            // An export's line may restore a date an older caselog took before 1900; the writer
            // holds it to the floor when the import turns out not to be a restore.
            let data = try EventDataValidator.validate(line.data, personal: line.personal, as: spec, resolvesCorrections: false,
                                                       allowingEarlyDates: line.provenance != nil)
            // The log's own check of the encoding, done here so that the writer need not
            // (`LogWriter.dataIsCheckedByCaller`).
            try EventValidator.checkEncoding(data, type: spec.name)
            // Sealed here, as the line is checked: sealing later, as the event is built, measured
            // a fifth slower on both threads, the extra time in malloc (why was not pinned down).
            let sealed = data.personal.map { PersonalData.sealedAhead(fields: $0, salts: &salts, hasher: hasher) }
            return .success(PreparedLine.Checked(spec: spec, data: data, sealedPersonal: sealed))
        } catch let error as ValidationError {
            return .failure(error)
        } catch {
            preconditionFailure("checking data for form throws only ValidationError: \(error)")
        }
    }
}
