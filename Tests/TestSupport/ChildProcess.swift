#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program started as a child process, its output going to files (so that no pipe can fill
/// and block it), and its input from a file or nothing.
public final class ChildProcess: @unchecked Sendable {
    /// The child's process id.
    public let pid: pid_t
    private let outputPath: String
    private let errorPath: String
    private var finished: Int32?

    /// What a finished child left.
    public struct Result: Sendable {
        /// The exit status, or 128 + signal when it was killed.
        public let status: Int32
        /// True when a signal ended it.
        public let wasSignalled: Bool
        public let standardOutput: String
        public let standardError: String
        /// Standard output exactly as written (`standardOutput` is it decoded, with any
        /// malformed UTF-8 replaced).
        public let standardOutputBytes: [UInt8]
    }

    /// Starts `executable` with `arguments`, standard input from `inputPath` (or /dev/null),
    /// and `environment` added to this process's environment.
    public convenience init(_ executable: String, _ arguments: [String], inputPath: String? = nil,
                            environment: [String: String] = [:], scratch: TemporaryDirectory) {
        self.init(executable, rawArguments: arguments.map { Array($0.utf8) }, inputPath: inputPath,
                  environment: environment, scratch: scratch)
    }

    /// Starts `executable` with arguments given as bytes, which need not be UTF-8.
    public init(_ executable: String, rawArguments arguments: [[UInt8]], inputPath: String? = nil,
                environment: [String: String] = [:], scratch: TemporaryDirectory) {
        let token = UInt64.random(in: 0...UInt64.max)
        outputPath = scratch.appending("out-\(token)")
        errorPath = scratch.appending("err-\(token)")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, inputPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var merged: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") { merged[String(text[..<equals])] = String(text[text.index(after: equals)...]) }
            cursor += 1
        }
        for (key, value) in environment { merged[key] = value }
        let argv: [UnsafeMutablePointer<CChar>?] = ([Array(executable.utf8)] + arguments).map { bytes in
            (bytes + [0]).withUnsafeBufferPointer { strdup(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }
        } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, nil, argv, envp)
        posix_spawn_file_actions_destroy(&actions)
        argv.forEach { free($0) }
        envp.forEach { free($0) }
        precondition(rc == 0, "cannot start \(executable): \(String(cString: strerror(rc)))")
        pid = child
    }

    /// Sends `signal` (SIGKILL by default).
    public func kill(_ signal: Int32 = SIGKILL) { _ = Glibc.kill(pid, signal) }

    /// True while the child has not exited.
    public var isRunning: Bool {
        if finished != nil { return false }
        var status: Int32 = 0
        let rc = waitpid(pid, &status, WNOHANG)
        if rc == pid {
            finished = status
            return false
        }
        return true
    }

    /// Waits for the child to end and collects its output.
    public func wait() -> Result {
        var status: Int32 = finished ?? 0
        if finished == nil {
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            finished = status
        }
        let signalled = status & 0x7F != 0
        let code = signalled ? 128 + (status & 0x7F) : (status >> 8) & 0xFF
        let output = readFile(outputPath) ?? []
        return Result(status: code, wasSignalled: signalled,
                      standardOutput: String(decoding: output, as: UTF8.self),
                      standardError: String(decoding: readFile(errorPath) ?? [], as: UTF8.self),
                      standardOutputBytes: output)
    }

    /// Waits at most `seconds` for the child to end; kills it and returns nil when it has not
    /// (a hang is then a failed expectation, not a test run that never ends).
    public func wait(atMostSeconds seconds: Double) -> Result? {
        let deadline = Int(seconds * 1000)
        var waited = 0
        while isRunning && waited < deadline {
            sleep(milliseconds: 20)
            waited += 20
        }
        if isRunning {
            kill()
            _ = wait()
            return nil
        }
        return wait()
    }

    /// Runs `executable` to completion.
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil,
                           environment: [String: String] = [:], scratch: TemporaryDirectory) -> Result {
        var inputPath: String?
        if let input {
            inputPath = scratch.appending("in-\(UInt64.random(in: 0...UInt64.max))")
            writeFile(inputPath!, Array(input.utf8))
        }
        return ChildProcess(executable, arguments, inputPath: inputPath, environment: environment, scratch: scratch).wait()
    }
}

/// Sleeps for `milliseconds`.
public func sleep(milliseconds: Int) {
    var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR {
        request = remaining
    }
}

/// The path of the built `caselog` binary: $CASELOG_BINARY, else `caselog` beside the test bundle.
public func caselogBinaryPath() -> String {
    if let given = getenv("CASELOG_BINARY") { return String(cString: given) }
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let executable = count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    var directory = executable
    while let slash = directory.lastIndex(of: "/") {
        directory = String(directory[..<slash])
        let candidate = directory + "/caselog"
        var info = stat()
        if stat(candidate, &info) == 0 && info.st_mode & S_IFMT == S_IFREG { return candidate }
    }
    return "caselog"
}
