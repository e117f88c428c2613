import ArgumentParser
import CaseStore
#if canImport(Glibc)
import Glibc
#endif

/// The exit codes of DESIGN.md (sysexits), as `CaselogError.Kind` gives them.
enum ExitStatus {
    static let usage = CaselogError.Kind.usage.exitCode
    static let invalid = CaselogError.Kind.invalid.exitCode
    static let notFound = CaselogError.Kind.notFound.exitCode
    static let software = CaselogError.Kind.software.exitCode
    static let cannotCreate = CaselogError.Kind.cannotCreate.exitCode
    static let storage = CaselogError.Kind.storage.exitCode
    static let conflict = CaselogError.Kind.conflict.exitCode
    static let notPermitted = CaselogError.Kind.notPermitted.exitCode

    /// The exit code and the one line to print for `error`: the library's one map
    /// (`CaselogError`), or a command's own failure.
    static func describe(_ error: Error) -> (code: Int32, message: String) {
        if let failure = error as? CommandFailure { return (failure.code, failure.message) }
        let failure = CaselogError(error)
        return (failure.kind.exitCode, failure.message)
    }
}

/// A command's `--format` choices, each the name of an `OutputFormat` of the printouts.
protocol PrintedFormat: RawRepresentable where RawValue == String {}

extension PrintedFormat {
    /// The printout's form of the same name.
    var output: OutputFormat {
        guard let format = OutputFormat(rawValue: rawValue) else { preconditionFailure("--format \(rawValue) has no printout") }
        return format
    }
}

/// A failure a command reports itself, with its exit code.
struct CommandFailure: Error, Sendable {
    let code: Int32
    let message: String
}

/// Runs a command's work, turning any error into one line on standard error and its exit code.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let (code, message) = ExitStatus.describe(error)
        Terminal.error(message)
        throw ExitCode(code)
    }
}
