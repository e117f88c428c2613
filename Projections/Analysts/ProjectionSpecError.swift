/// A mistake in a projection spec: where it is (line and column, from 1) and what was
/// expected there. `description` is the one line the command line prints after the file name.
public struct ProjectionSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line of the mistake, from 1; 0 when the whole file is at fault.
    public let line: Int
    /// The column of the mistake, from 1 (in Unicode scalars); 0 with `line` 0.
    public let column: Int
    /// What is wrong and what was expected.
    public let message: String

    /// A mistake at `line`, `column`.
    public init(line: Int, column: Int, _ message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line 4, column 7: expected …`, or the message alone when there is no position.
    public var description: String {
        line == 0 ? message : "line \(line), column \(column): \(message)"
    }
}
