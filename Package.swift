// swift-tools-version: 6.1
import PackageDescription

// Layers import downward only (../shared/DESIGN.md):
// caselog → Projections → Casework → EventLog → LMDB → CLMDB; EventLog → CCrypto;
// caselog → SQLiteExport → CSQLite (the export to SQLite only).
let package = Package(
    name: "caselog",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "caselog", targets: ["caselog"]),
        .library(name: "LMDB", targets: ["LMDB"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "Casework", targets: ["Casework"]),
        .library(name: "Projections", targets: ["Projections"]),
    ],
    dependencies: [
        // Command-line parsing, help and completion for the `caselog` executable.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // YAML for analysts' projection specs (Projections/Analysts), with line and column marks.
        // Projections also imports CYaml, the libyaml that Yams builds, to read a spec's parser
        // events before Yams composes it (Projections/Analysts/SpecAnchorCheck.swift).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
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
        .target(
            name: "EventLog",
            dependencies: ["LMDB", "CCrypto"]
        ),
        .target(name: "Casework", dependencies: ["EventLog"]),
        .target(
            name: "Projections",
            dependencies: ["Casework", "EventLog", .product(name: "Yams", package: "Yams")],
            path: "Projections",
            // The example specs are documentation and test input, not sources.
            exclude: ["examples"]
        ),
        .target(name: "SQLiteExport", dependencies: ["CSQLite", "Projections", "Casework", "EventLog"]),
        .executableTarget(
            name: "caselog",
            dependencies: [
                "Casework", "EventLog", "Projections", "SQLiteExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Temporary directories and child processes, shared by the test targets.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LMDBTests", dependencies: ["LMDB", "TestSupport"]),
        .testTarget(
            name: "EventLogTests",
            dependencies: ["EventLog", "LMDB", "TestSupport"],
            // Read through #filePath by the tests that use them.
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "CaseworkTests", dependencies: ["Casework", "EventLog", "TestSupport"]),
        .testTarget(name: "ProjectionsTests", dependencies: ["Projections", "Casework", "EventLog", "TestSupport"]),
        // Runs the built `caselog` binary as child processes (crash, concurrency, exit codes).
        .testTarget(name: "CaselogTests", dependencies: ["caselog", "EventLog", "Casework", "TestSupport"]),
    ]
)
