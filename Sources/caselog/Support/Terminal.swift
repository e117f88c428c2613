import CaseStore
import Projections
#if canImport(Glibc)
import Glibc
#endif

/// Writing to the terminal: errors, notes, buffered output and a progress bar.
enum Terminal {
    /// Standard output through its own stdio buffer (`stdout` itself is a C global that strict
    /// concurrency will not let us touch); flushed by `exit`, like `stdout`.
    nonisolated(unsafe) static let standardOutput: UnsafeMutablePointer<FILE> = fdopen(STDOUT_FILENO, "w")

    /// Writes `text` to standard error unbuffered, as stdio's `stderr` does.
    static func writeError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// True when standard error is a terminal (progress is shown only then).
    static var showsProgress: Bool { isatty(2) == 1 }

    /// Prints `caselog: message` on standard error.
    static func error(_ message: String) {
        writeError("caselog: \(visible(message))\n")
    }

    /// Prints a note on standard error.
    static func note(_ message: String) {
        writeError("note: \(visible(message))\n")
    }

    /// Prints a line on standard output.
    static func print(_ line: String) {
        fputs(visible(line, keepingLineBreaks: true) + "\n", standardOutput)
    }

    /// `text` with control characters shown as symbols (ESC as ␛, a newline as ␊, C1 controls
    /// and bidirectional overrides as �: `TextEscaping.visible`): text that caseworkers typed is
    /// printed as text, so it can neither move the cursor nor recolour the terminal, and in a
    /// table cell it cannot start a second line that looks like output. Everything printed
    /// passes through it (keeping the line breaks of multi-line output); cells holding what was
    /// typed pass through it alone.
    static func visible(_ text: String, keepingLineBreaks: Bool = false) -> String {
        TextEscaping.visible(text, keepingLineBreaks: keepingLineBreaks)
    }

    /// Writes a document in a format that escapes typed text itself (JSON, CSV, HTML) to
    /// standard output as it is: `print` would show CSV's carriage returns as ␍.
    static func writeDocument(_ text: String) {
        write(Array(text.utf8))
    }

    /// Writes bytes to standard output (buffered by stdio).
    static func write(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, standardOutput) }
    }

    /// Sends what is buffered for standard output now: for output read as it comes (`tail --follow`).
    static func flush() {
        fflush(standardOutput)
    }

    /// `TextLayout.padded`.
    static func padded(_ text: String, _ width: Int) -> String { TextLayout.padded(text, width) }

    /// `TextLayout.grouped`.
    static func grouped(_ value: some BinaryInteger) -> String { TextLayout.grouped(value) }

    /// `TextLayout.bytes`.
    static func bytes(_ count: Int) -> String { TextLayout.bytes(count) }

    /// Writes `printout`: its output to standard output, its notes to standard error.
    static func write(_ printout: Printout) {
        write(printout.output)
        for line in printout.notes { note(line) }
    }
}

/// A one-line progress bar on standard error, redrawn at most ten times a second; silent
/// when standard error is not a terminal.
struct ProgressBar {
    let label: String
    let unit: String
    private let isShown = Terminal.showsProgress
    private let started = ProgressBar.now()
    private var lastDrawn = 0.0

    init(label: String, unit: String) {
        self.label = label
        self.unit = unit
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Redraws with `done` of `total` (fraction from bytes or counts) and `count` items so far.
    mutating func update(fraction: Double?, count: Int, force: Bool = false) {
        guard isShown else { return }
        let now = Self.now()
        guard force || now - lastDrawn >= 0.1 else { return }
        lastDrawn = now
        let elapsed = max(now - started, 0.001)
        let rate = Terminal.grouped(Int(Double(count) / elapsed))
        var line = "\r\(label) "
        if let fraction {
            let width = 30
            let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded(.down))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] "
            line += "\(Int(fraction * 100))% "
        }
        line += "\(Terminal.grouped(count)) \(unit), \(rate)/s \u{1B}[K"
        Terminal.writeError(line)
    }

    /// Clears the bar's line.
    func finish() {
        guard isShown else { return }
        Terminal.writeError("\r\u{1B}[K")
    }
}
