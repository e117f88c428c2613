import Testing

// docs/LIBRARY.md's program begins
import CaseStore
import Casework
import Codec
import EventLog

/// Creates (or opens) the store at `path`, records a person and their complaint with typed
/// values, and reads the complaint back: its summary, deadlines and timeline.
func recordAComplaint(inStoreAt path: String) throws -> CaseReading? {
    let store = try CaseStore.create(at: path).store
    let person = try store.record(NewEvent(type: "subject.registered", occurredAt: .now(),
                                           fields: ["kind": "person", "name": "Kerry Asante"]), actor: "a.khan")
    let complaint = try store.record(NewEvent(type: "complaint.received", occurredAt: .now(), fields: [
        "complainant": .text(person.caseReference), "channel": "email",
        "categories": ["damp-mould"], "summary": "Mould in the bedroom",
    ]), actor: "a.khan")
    guard let reading = try store.readCase(complaint.caseReference, asOf: EuropeLondon.today()) else { return nil }
    print("\(reading.file.reference): \(reading.file.state), version \(reading.file.version)")
    for deadline in reading.deadlines { print("  \(deadline.step.name) due \(deadline.due)") }
    for entry in reading.timeline { print("  \(entry.version) \(entry.type) \(entry.dataText)") }
    return reading
}
// docs/LIBRARY.md's program ends

/// The program docs/LIBRARY.md teaches with is this file's, and it does what the page says.
@Suite("docs/LIBRARY.md's program")
struct LibraryProgramTests {
    @Test("the page shows this file's program byte for byte")
    func pageMatchesTheProgram() throws {
        let page = try #require(LibraryFiles.text(LibraryFiles.root + "/docs/LIBRARY.md"), "docs/LIBRARY.md cannot be read")
        let source = try #require(LibraryFiles.text(#filePath))
        let program = try #require(LibraryFiles.between("// docs/LIBRARY.md's program begins\n", and: "// docs/LIBRARY.md's program ends\n", in: source))
        let afterMarker = try #require(LibraryFiles.between("<!-- program: Tests/LibraryTests/LibraryProgramTests.swift -->\n", and: "", in: page),
                                       "docs/LIBRARY.md has no program marker")
        let shown = try #require(LibraryFiles.between("```swift\n", and: "```\n", in: afterMarker), "no Swift block after the marker")
        #expect(shown == program, "docs/LIBRARY.md's program differs from Tests/LibraryTests/LibraryProgramTests.swift's")
        #expect(program.split(separator: "\n").count <= 25, "the program is meant to be about 20 lines")
    }

    @Test("the program records a complaint and reads it back with its deadlines and personal fields")
    func programWorks() throws {
        let scratch = ScratchDirectory()
        let reading = try #require(try recordAComplaint(inStoreAt: scratch.path + "/store"))
        #expect(reading.file.caseType == .complaint)
        #expect(reading.file.subject == "P-000001")
        #expect(reading.file.state == .open)
        #expect(reading.timeline.map(\.type) == ["complaint.received"])
        #expect(reading.timeline[0].dataText.contains("summary: Mould in the bedroom"))
        #expect(reading.deadlines.map(\.step.name).contains("acknowledge-stage-1"))
    }
}
