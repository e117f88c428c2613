import CaseStore
import Casework
import Codec
import Projections
import Testing

/// `CaseStore.types()` and the analysts' projections as a program outside caselog calls them.
@Suite("The catalogue and analysts' projections through the public API")
struct CatalogueAndProjectionTests {
    static let spec = """
        name: complaints-by-month
        title: Complaints received per month
        events:
          types: [complaint.received]
        group-by: [month]
        measures:
          complaints: count
        """

    @Test("types() lists the case events and then the settings and access streams', and finds one by name")
    func types() throws {
        let catalogue = CaseStore.types()
        #expect(catalogue.types.first?.name == "subject.registered")
        #expect(catalogue.types.compactMap(\.storeStream).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } } == ["settings", "access"])
        #expect(try catalogue.type(named: "access.token-issued").storeStream == "access")
        let received = try catalogue.type(named: "complaint.received")
        #expect(received.field("summary")?.isPersonal == true)
        let error = CaselogError(try #require(throws: (any Error).self) { try catalogue.type(named: "complaint.recieved") })
        #expect(error.kind == .invalid)
        #expect(error.message.contains("complaint.received"), "the nearest name is suggested")
    }

    @Test("the catalogue's JSON is one well-formed array naming every type and marking personal fields")
    func typesJSON() throws {
        let catalogue = CaseStore.types()
        let json = catalogue.json()
        #expect(json.last == 0x0A)
        // Well-formed: the codec's scanner reads it to its end.
        try json.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes)
            try scanner.skipValue()
            try scanner.end()
        }
        let text = SmallStore.text(json)
        for spec in catalogue.types { #expect(text.contains(#"{"type":"\#(spec.name)","#)) }
        #expect(text.contains(#"{"name":"summary","required":true,"personal":true,"#))
        let one = SmallStore.text(EventTypeCatalogue.json(of: try catalogue.type(named: "case.assigned")))
        #expect(one.hasPrefix(#"{"type":"case.assigned","#) && one.hasSuffix("}\n"))
    }

    @Test("runProjection runs a spec once; keepProjection keeps it, keptProjection reads it, dropProjection drops it")
    func projections() throws {
        let small = try SmallStore()
        let spec = try ProjectionSpecReader.read(Self.spec)
        let run = try small.store.runProjection(spec)
        #expect(run.columns == ["month", "complaints"])
        #expect(run.rows == [[.text("2025-03"), .integer(2)]])
        #expect(SmallStore.text(run.json()).hasPrefix(#"{"projection":"complaints-by-month","#))
        // From Friday the 7th, neither complaint (the 3rd, the 5th) is counted.
        #expect(try small.store.runProjection(spec, from: SmallStore.friday).rows.allSatisfy { $0.last == .integer(0) })

        let (outcome, table) = try small.store.keepProjection(Self.spec, path: "complaints-by-month.yaml", actor: "analyst")
        #expect(outcome == .added)
        #expect(table.rows == run.rows)
        #expect(try small.store.keptProjections().map(\.name) == ["complaints-by-month"])
        #expect(try small.store.keptProjection(named: "complaints-by-month", actor: "analyst").rows == run.rows)
        try small.store.dropProjection(named: "complaints-by-month", actor: "analyst")
        #expect(try small.store.keptProjections().isEmpty)
        let error = CaselogError(try #require(throws: (any Error).self) {
            try small.store.dropProjection(named: "complaints-by-month", actor: "analyst")
        })
        #expect(error.kind == .notFound)
        #expect(CaselogError(try #require(throws: (any Error).self) {
            try small.store.keptProjection(named: "nothing", actor: "analyst")
        }).kind == .notFound)
    }
}
