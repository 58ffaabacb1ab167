// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "Ariadne",
    products: [
        .executable(name: "ariadne", targets: ["ariadne"]),
        .library(name: "AriadneCore", targets: ["AriadneCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "AriadneCore",
            dependencies: ["CPCRE2", "CZlib", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "ariadne",
            dependencies: ["AriadneCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "ariadne-bench",
            dependencies: ["AriadneCore"],
            path: "Benchmarks/ariadne-bench"
        ),
        .target(
            name: "AriadneFuzzing",
            dependencies: ["AriadneCore"],
            path: "Fuzz/AriadneFuzzing"
        ),
        .testTarget(
            name: "AriadneCoreTests",
            dependencies: ["AriadneCore", "AriadneFuzzing"],
            exclude: ["FuzzFindings"]
        ),
    ],
    swiftLanguageModes: [.v5]
)

// The libFuzzer target has no `main` (libFuzzer supplies it), so it exists only for `scripts/fuzz.sh`,
// which sets ARIADNE_FUZZ=1 and builds with `-sanitize=fuzzer,address`.
if ProcessInfo.processInfo.environment["ARIADNE_FUZZ"] == "1" {
    package.targets.append(
        .executableTarget(
            name: "ariadne-fuzz",
            dependencies: ["AriadneFuzzing"],
            path: "Fuzz/ParseFuzzer",
            swiftSettings: [.enableExperimentalFeature("Extern")]
        )
    )
    package.products.append(.executable(name: "ariadne-fuzz", targets: ["ariadne-fuzz"]))
}
