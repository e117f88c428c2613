import Logging

/// The server's log: structured lines on standard error (swift-log's stream handler).
public enum ServerLog {
    /// A logger labelled `caselog` writing to standard error at `level` (`info`: one line per
    /// request and the server's start and stop).
    public static func standardError(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "caselog") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        return logger
    }

    /// The same, at the level named `level` (`info`, `notice`, `warning`, `error`, … as swift-log
    /// names them); `info` for a name it does not know.
    public static func standardError(level name: String) -> Logger {
        standardError(level: Logger.Level(rawValue: name) ?? .info)
    }
}
