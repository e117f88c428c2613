#if canImport(Glibc)
import Glibc
#endif

/// A command a user gave (`caselog watch --exec CMD`), run by `/bin/sh -c` with text on its
/// standard input, as cron and git hooks run theirs.
enum ShellCommand {
    /// Runs `command` with `input` on its standard input and `variables` added to this
    /// process's environment, and waits for it.
    ///
    /// - Returns: its exit status, or 128 + the signal that ended it.
    /// - Throws: `CommandFailure` (exit 70) when it could not be started.
    static func run(_ command: String, input: [UInt8], variables: [(String, String)]) throws -> Int32 {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw startFailure(command) }
        defer { close(pipeEnds[1]) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        var environment: [String] = []
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            // The server's bearer token is not the command's to have.
            if !variables.contains(where: { text.hasPrefix($0.0 + "=") }) && !text.hasPrefix("CASELOG_TOKEN=") { environment.append(text) }
            index += 1
        }
        environment += variables.map { "\($0)=\($1)" }
        let arguments = ["/bin/sh", "-c", command]
        var child: pid_t = 0
        let status = withCStrings(arguments) { argv in
            withCStrings(environment) { envp in posix_spawn(&child, "/bin/sh", &actions, nil, argv, envp) }
        }
        close(pipeEnds[0])
        guard status == 0 else { throw startFailure(command) }
        // A command that does not read its input is not an error: stop writing at EPIPE.
        let previous = signal(SIGPIPE, SIG_IGN)
        input.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(pipeEnds[1], bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
        signal(SIGPIPE, previous)
        close(pipeEnds[1])
        pipeEnds[1] = -1
        var result: Int32 = 0
        while waitpid(child, &result, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let signalNumber = result & 0x7F
        return signalNumber == 0 ? (result >> 8) & 0xFF : 128 + signalNumber
    }

    private static func startFailure(_ command: String) -> CommandFailure {
        CommandFailure(code: ExitStatus.software, message: "could not start /bin/sh to run \"\(command)\": \(String(cString: strerror(errno)))")
    }

    /// Calls `body` with `strings` as a NULL-terminated array of C strings.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}
