#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who works on the store's own machine (DOMAIN.md §13): the OS login running the process. It
/// is the actor of every event a local command writes and the user of every read it logs, never
/// a name given on the command line (`--on-behalf-of` is recorded beside it).
public enum LocalLogin {
    /// The login name of the effective user; "unknown" when the system has no entry for it
    /// (a container's user without a line in /etc/passwd). Costs a look-up of the user database.
    public static var name: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }
}
