// swift-tools-version: 6.1
import PackageDescription

// Layers import downward only (docs/ARCHITECTURE.md):
// caselog → CaseStore → Projections → Casework → EventLog → LMDB → CLMDB;
// EventLog → Codec (deterministic CBOR and JSON), EventLog → CCrypto;
// caselog → SampleHistory → Casework (the generated history of `caselog demo` and `generate`);
// caselog → SQLiteExport → CSQLite (the export to SQLite only);
// caselog → CaselogServer → CaseStore (`caselog serve`: HTTP routes over the same front door).
// caselog → AsyncHTTPClient (`--server URL`: each command as a client of `caselog serve`).
// The CLI imports neither LMDB nor Codec: it parses arguments and prints what CaseStore answers.
let package = Package(
    name: "caselog",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "caselog", targets: ["caselog"]),
        .library(name: "LMDB", targets: ["LMDB"]),
        .library(name: "Codec", targets: ["Codec"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "Casework", targets: ["Casework"]),
        .library(name: "Projections", targets: ["Projections"]),
        .library(name: "CaseStore", targets: ["CaseStore"]),
        // For the Benchmarks package's server measurements; caselog serve is the way to run it.
        .library(name: "CaselogServer", targets: ["CaselogServer"]),
        .library(name: "SampleHistory", targets: ["SampleHistory"]),
    ],
    dependencies: [
        // Command-line parsing, help and completion for the `caselog` executable.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // YAML for analysts' projection specs (Projections/Analysts), with line and column marks.
        // Projections also imports CYaml, the libyaml that Yams builds, to read a spec's parser
        // events before Yams composes it (Projections/Analysts/SpecAnchorCheck.swift).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The HTTP server of `caselog serve` (CaselogServer): routing, request bodies, streamed
        // answers for Server-Sent Events; HummingbirdTLS for `--tls-cert/--tls-key`, and
        // HummingbirdTesting to test the routes over real HTTP on loopback.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // A graceful stop for `caselog serve`: SIGTERM and SIGINT let what is in flight finish
        // and the group commit drain before the process exits.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Structured logs of `caselog serve` on standard error (the logger Hummingbird takes).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The Prometheus text format of `GET /metrics`: counters, gauges and the commit-latency histogram.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The HTTP client of the command line with `--server URL` (docs/SERVER.md, "The command
        // line as a client"): HTTP/1.1 and HTTPS over swift-nio-ssl, timeouts, streamed answers
        // for `tail --follow`; the same NIO the server already builds on.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        // SHA-256 from the system's OpenSSL libcrypto: swift-crypto would compile its own BoringSSL,
        // a minute of every fresh clone's first build, for one hash function.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // SQLite for `caselog export --sqlite` only: analysts query the log with SQL.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .target(name: "LMDB", dependencies: ["CLMDB"]),
        // Deterministic CBOR (the log's payloads) and JSON (the edges), with no knowledge of the log.
        .target(name: "Codec"),
        .target(
            name: "EventLog",
            dependencies: ["LMDB", "Codec", "CCrypto"]
        ),
        .target(name: "Casework", dependencies: ["EventLog", "Codec"]),
        .target(
            name: "Projections",
            dependencies: ["Casework", "EventLog", "Codec", .product(name: "Yams", package: "Yams")],
            path: "Projections",
            // The example specs are documentation and test input, not sources.
            exclude: ["examples"]
        ),
        // The front door: a store opened here always has the built-in views; recording takes typed values.
        .target(name: "CaseStore", dependencies: ["SQLiteExport", "Projections", "Casework", "EventLog", "Codec", "LMDB"]),
        // A seeded generator of a realistic history: examples and benchmarks, not domain logic.
        .target(name: "SampleHistory", dependencies: ["Casework", "EventLog", "Codec"]),
        .target(name: "SQLiteExport", dependencies: ["CSQLite", "Projections", "Casework", "EventLog", "Codec"]),
        // `caselog serve`: HTTP routes, tokens, problem+json and Server-Sent Events over CaseStore,
        // translation only, as the command line is.
        .target(
            name: "CaselogServer",
            dependencies: [
                "CaseStore", "Projections", "Casework", "EventLog", "Codec",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "caselog",
            dependencies: [
                "CaseStore", "CaselogServer", "Casework", "EventLog", "Projections", "SampleHistory", "SQLiteExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Temporary directories and child processes, shared by the test targets.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LMDBTests", dependencies: ["LMDB", "TestSupport"]),
        .testTarget(name: "CodecTests", dependencies: ["Codec", "TestSupport"]),
        .testTarget(
            name: "EventLogTests",
            dependencies: ["EventLog", "Codec", "LMDB", "TestSupport"],
            // Read through #filePath by the tests that use them.
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "CaseworkTests", dependencies: ["Casework", "EventLog", "Codec", "SampleHistory", "TestSupport"]),
        .testTarget(name: "SampleHistoryTests", dependencies: ["SampleHistory", "Casework", "EventLog", "Codec", "TestSupport"]),
        .testTarget(name: "ProjectionsTests", dependencies: ["Projections", "Casework", "EventLog", "Codec", "SampleHistory", "TestSupport"]),
        .testTarget(name: "CaseStoreTests", dependencies: ["CaseStore", "TestSupport"]),
        // A program outside caselog: the public API only. Without package access, the compiler
        // itself refuses any `package` symbol (docs/LIBRARY.md's program is its first test).
        .testTarget(name: "LibraryTests", dependencies: ["CaseStore", "Casework", "EventLog", "Projections", "Codec"],
                    packageAccess: false),
        // Runs the built `caselog` binary as child processes (crash, concurrency, exit codes).
        .testTarget(name: "CaselogTests", dependencies: ["caselog", "CaseStore", "EventLog", "Casework", "Codec", "TestSupport"]),
        // The server's routes over real HTTP on loopback (HummingbirdTesting's live mode), and the
        // built binary's `caselog serve` for what needs a process (SIGTERM).
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "CaselogServer", "CaseStore", "Casework", "EventLog", "Codec", "caselog", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ]
)
