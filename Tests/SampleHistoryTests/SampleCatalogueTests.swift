import EventLog
import Casework
import Testing
@testable import SampleHistory

@Suite("Sample history against the catalogue")
struct SampleCatalogueTests {
    @Test("every generated event passes the catalogue's checks", arguments: [(30_000, UInt64(1)), (20_000, UInt64(7))])
    func generatedEventsAreValid(events: Int, seed: UInt64) throws {
        var configuration = SampleHistory.Configuration()
        configuration.events = events
        configuration.seed = seed
        var parser = EventLineParser()
        var types: [EventID: (stream: String, type: String)] = [:]
        var problems: [String] = []
        for sample in SampleHistory(configuration) {
            let bytes = Array(sample.jsonLine.utf8)
            let line = try bytes.withUnsafeBytes { try parser.parse($0) }
            let stream = line.caseReference ?? ""
            do {
                let spec = try EventValidator.typeSpec(named: line.type, stream: stream)
                _ = try EventDataValidator.validate(line.data, as: spec) { id in
                    types[id].flatMap { $0.stream == stream ? EventCatalogue.type(named: $0.type) : nil }
                }
            } catch {
                problems.append("\(error)")
            }
            if let id = line.id { types[id] = (stream, line.type) }
        }
        #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(5))")
    }
}
