import EventLog

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
        /// The data checked for form; nil when the check refused it (`formError`). Two fields,
        /// not a `Result`: taking a `Result` out of the line copies it whole.
        let checked: Checked?
        let formError: ValidationError?
        /// The id derived from the line's content (`DerivedEventIDs`) when it gives none and is
        /// imported; nil when it gives one, when it is recorded (a random id), and for a
        /// correction, whose checked data only the writer knows.
        let derivedID: EventID?

        init(line: EventLine, form: Result<Checked, ValidationError>, derivedID: EventID? = nil) {
            self.line = line
            switch form {
            case .success(let checked):
                self.checked = checked
                formError = nil
            case .failure(let error):
                checked = nil
                formError = error
            }
            self.derivedID = derivedID
        }
    }

    /// A line's type and data, checked for form; corrections are resolved by the writer.
    /// Held by reference, like `Parsed`: taking it out of the line's `Result` then costs one
    /// retain, not one for each part of the type's spec and the data.
    ///
    /// `@unchecked Sendable` for `event`, the one mutable part: the reading thread sets it
    /// before the line is handed over (through `PreparedLines`' queue, which orders the two
    /// threads), and only the writing thread takes it after.
    final class Checked: @unchecked Sendable {
        let spec: EventTypeSpec
        let data: ValidatedData
        /// The data's personal fields sealed by the reading side (salt drawn, section and its
        /// hash made), for the event it prepares.
        let sealedPersonal: PersonalData?
        /// The event as the writer appends it, built by the reading side for a line that is
        /// not a correction: its id is the line's or the one derived from its content (zero
        /// when neither: the writer draws one), its personal fields sealed (`sealedPersonal`, so
        /// that the writer only stores them). The writer moves it
        /// out (`takeEvent`) rather than building it from the line, which cost a retain and a
        /// release of every part on the thread that bounds the import's speed.
        private var event: ProposedEvent?

        init(spec: EventTypeSpec, data: ValidatedData, sealedPersonal: PersonalData? = nil) {
            self.spec = spec
            self.data = data
            self.sealedPersonal = sealedPersonal
        }

        /// Sets the prepared event (the reading thread, before handing the line over).
        func prepare(_ event: consuming ProposedEvent) { self.event = event }

        /// The prepared event, moved out (nil when there is none, or it was taken).
        func takeEvent() -> ProposedEvent? { event.take() }
    }
}
