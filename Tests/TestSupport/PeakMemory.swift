#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program run to its end, with the most memory it held resident at once.
public struct MeasuredRun: Sendable {
    /// The exit status, or 128 + signal when it was killed.
    public let status: Int32
    public let standardOutput: String
    public let standardError: String
    /// The program's peak resident set (`ru_maxrss`), in bytes.
    public let peakResidentBytes: Int
}

/// Runs `executable` with `arguments` and measures its peak resident memory; nil when
/// /usr/bin/python3 is missing (the tests need it anyway: scripts/ensure-dependencies --tests).
///
/// `pipedInput`: a file whose bytes are written into the program's standard input through a
/// pipe, a megabyte at a time (nil: standard input is /dev/null).
///
/// Why through python3: a program started from the test process by `posix_spawn` shares the
/// test's memory until it execs, and Linux carries that memory's high-water mark into the
/// program's `ru_maxrss`, so the figure would be the test process's. Python forks the program
/// from its own small process and reports `ru_maxrss` from `wait4`.
public func runMeasuringPeakMemory(_ executable: String, _ arguments: [String], pipedInput: String? = nil,
                                   scratch: TemporaryDirectory) -> MeasuredRun? {
    guard access("/usr/bin/python3", X_OK) == 0 else { return nil }
    let measurement = scratch.appending("peak-\(UInt64.random(in: 0...UInt64.max))")
    let result = ChildProcess.run("/usr/bin/python3", ["-c", peakMemoryProgram, measurement, pipedInput ?? "-", executable] + arguments,
                                  scratch: scratch)
    guard let text = readFile(measurement).map({ String(decoding: $0, as: UTF8.self) }) else { return nil }
    let fields = text.split(separator: " ").compactMap { Int($0) }
    guard fields.count == 2 else { return nil }
    return MeasuredRun(status: Int32(fields[0]), standardOutput: result.standardOutput, standardError: result.standardError,
                       peakResidentBytes: fields[1] * 1024)
}

/// argv: where to write "STATUS MAXRSS_KB", the file to pipe in (or -), the program and its arguments.
private let peakMemoryProgram = """
    import os, signal, sys
    measurement, source, program = sys.argv[1], sys.argv[2], sys.argv[3:]
    if source != "-":
        read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        if source != "-":
            os.dup2(read_end, 0)
            os.close(read_end)
            os.close(write_end)
        else:
            null = os.open("/dev/null", os.O_RDONLY)
            os.dup2(null, 0)
            os.close(null)
        os.execv(program[0], program)
    if source != "-":
        os.close(read_end)
        try:
            with open(source, "rb") as data, os.fdopen(write_end, "wb") as pipe:
                while chunk := data.read(1 << 20):
                    pipe.write(chunk)
        except BrokenPipeError:
            pass
    _, status, usage = os.wait4(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    with open(measurement, "w") as out:
        out.write(f"{code if code >= 0 else 128 - code} {usage.ru_maxrss}")
    """
