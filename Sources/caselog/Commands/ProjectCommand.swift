import ArgumentParser
import CaseStore
import Casework
import Projections

/// `caselog project run|add|list|show|drop`: analysts' projections from YAML specs
/// (docs/ANALYSTS.md).
struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Analysts' projections: run a YAML spec over the log, or keep it current in the store.",
        discussion: """
            A spec says which events, an optional fold per case, how rows are grouped and what \
            is measured; docs/ANALYSTS.md describes the format and Projections/examples/ has six. \
            A spec that names a personal field is refused. A mistake is reported with its line \
            and column (exit 65).
            """,
        subcommands: [Run.self, Add.self, List.self, Show.self, Drop.self])

    /// The text of the spec file `path`.
    ///
    /// - Throws: a failure with exit 66 when the file cannot be read, 65 when it is not UTF-8 or
    ///   is larger than a spec may be (read no further than that).
    static func specText(_ path: String) throws -> String {
        let reader = try LineReader(path: path)
        var bytes: [UInt8] = []
        try reader.forEachLine { _, line, _ in
            bytes.append(contentsOf: line)
            bytes.append(0x0A)
            guard bytes.count <= ProjectionSpecReader.maximumSpecBytes else {
                throw CommandFailure(code: ExitStatus.invalid, message: "\(path): larger than 1 MiB: a spec is a few lines of YAML")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CommandFailure(code: ExitStatus.invalid, message: "\(path): not UTF-8 text")
        }
        return text
    }

    /// The spec in the file `path`, checked.
    static func spec(_ path: String) throws -> ProjectionSpec {
        let text = try specText(path)
        return try specFailures(path) { try ProjectionSpecReader.read(text) }
    }

    /// Runs `body`, naming the spec's file in a spec's mistake (exit 65 with the file, line and
    /// column); an unknown kept projection is exit 66 by the one error map (`CaselogError`).
    static func specFailures<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ProjectionSpecError {
            throw CaselogError(.invalid, "\(path): \(error)", cause: error)
        }
    }

    /// Prints `table` in `format`: each form shows typed text its own way (the table's cells
    /// through `TextEscaping.visible`, `CSV.field`, JSON's escapes).
    static func print(_ table: ProjectionTable, _ format: ProjectionFormat) {
        let text = format.render(table)
        if format == .table {
            Terminal.print(String(text.dropLast()))
        } else {
            Terminal.writeDocument(text)
        }
    }
}

extension ProjectionFormat: ExpressibleByArgument {}
