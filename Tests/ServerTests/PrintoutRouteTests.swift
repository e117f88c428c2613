import CaseStore
import CaselogServer
import Casework
import HTTPTypes
import Testing

/// The read routes answer each reading's printout: the bytes the command prints, in the format
/// asked for, with its notes as `Caselog-Note` headers, personal fields only when asked.
@Suite("Reads over HTTP print what the command prints")
struct PrintoutRouteTests {
    static let complaint = #"{"type":"complaint.received","occurredAt":"2025-03-03T10:00:00Z","data":{"complainant":"P-000001","channel":"email","categories":["damp-mould"],"summary":"Mould in the bedroom"}}"#

    @Test("a case and a view in each format are the library's printout byte for byte, notes in headers")
    func printoutsAreTheLibrarys() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            #expect(try await client.call(.post, "/v1/events", body: "[\(ServerFixture.person),\(Self.complaint)]").status == 201)
            for format in CaseReading.formats {
                let answer = try await client.call(.get, "/v1/cases/CMP-2025-000001?at=2025-03-07&include-personal=true&format=\(format.rawValue)")
                let reading = try #require(try fixture.store.readCase("CMP-2025-000001", asOf: CalendarDate("2025-03-07")!,
                                                                      includingTimeline: format != .csv))
                let printout = reading.printout(format)
                #expect(answer.status == 200)
                #expect(answer.body == String(decoding: printout.output, as: UTF8.self), "\(format)")
                #expect(answer.headers[.contentType] == printout.mediaType)
            }
            let view = try await client.call(.get, "/v1/views/complaints-sla?at=2025-03-07&format=table")
            let table = try fixture.store.view(.complaintsSLA, ViewQuery(asOf: CalendarDate("2025-03-07")!)).printout(.table)
            #expect(view.body == String(decoding: table.output, as: UTF8.self))
            let notes = view.headers[values: HTTPField.Name(NoteHeader.name)!].map(NoteHeader.decode)
            #expect(!notes.isEmpty && notes == table.notes, "\(notes)")
        }
    }

    @Test("personal fields only with include-personal=true; the replay is the HTML pack when the browser asks for HTML")
    func personalAndHTML() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { client in
            #expect(try await client.call(.post, "/v1/events", body: "[\(ServerFixture.person),\(Self.complaint)]").status == 201)
            let without = try await client.call(.get, "/v1/cases/CMP-2025-000001?format=table")
            #expect(!without.body.contains("Mould in the bedroom"))
            let with = try await client.call(.get, "/v1/cases/CMP-2025-000001?format=table&include-personal=true")
            #expect(with.body.contains("Mould in the bedroom"))
            let html = try await client.call(.get, "/v1/replay/CMP-2025-000001", headers: ["Accept": "text/html"])
            #expect(html.status == 200 && html.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(html.body.hasPrefix("<!DOCTYPE html>") && !html.body.contains("Mould in the bedroom"))
            let json = try await client.call(.get, "/v1/replay/CMP-2025-000001")
            #expect(json.headers[.contentType] == "application/json")
        }
    }

    @Test("a note with a newline, a percent sign and non-ASCII text crosses a header unchanged")
    func noteEncoding() {
        let note = "3 cases · 100% late\nsecond line ✓"
        let encoded = NoteHeader.encode(note)
        #expect(encoded.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E })
        #expect(NoteHeader.decode(encoded) == note)
        #expect(NoteHeader.decode("100%") == "100%" && NoteHeader.decode("%zz") == "%zz")
    }
}
