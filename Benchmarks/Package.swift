// swift-tools-version: 6.1
import Foundation
import PackageDescription

// The benchmarks live in their own package so that `swift test` at the root never builds them.
// A path dependency is named after its directory, which differs between clones, so the name
// of the root package's directory is worked out here.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "caselog-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The raw LMDB C API, for the baselines every figure is compared with.
        .systemLibrary(name: "CRawLMDB", pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"])]),
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                "CRawLMDB",
                .product(name: "Casework", package: root),
                .product(name: "Codec", package: root),
                .product(name: "EventLog", package: root),
                .product(name: "SampleHistory", package: root),
            ]
        ),
        .executableTarget(name: "raw-import", dependencies: ["BenchmarkSupport"]),
        .executableTarget(name: "append-profile", dependencies: ["BenchmarkSupport"]),
        // An empty store in clear (format 2): what encrypting † fields costs an import is
        // measured against it (scripts/bench-cli). Never a way to run caselog.
        .executableTarget(name: "clear-store", dependencies: [.product(name: "CaseStore", package: root)]),
        // `caselog serve` answering † reads without logging them: the baseline of what the
        // access log costs a read (scripts/bench-server, part 4). Never a way to run caselog.
        .executableTarget(
            name: "unlogged-read-server",
            dependencies: [
                .product(name: "CaseStore", package: root),
                .product(name: "CaselogServer", package: root),
            ]
        ),
        .executableTarget(
            name: "LogBenchmarks",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Casework", package: root),
                .product(name: "Codec", package: root),
                .product(name: "EventLog", package: root),
                .product(name: "Projections", package: root),
                .product(name: "SampleHistory", package: root),
            ],
            path: "Benchmarks/LogBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
