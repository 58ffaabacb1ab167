// swift-tools-version:6.0
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
        .testTarget(
            name: "AriadneCoreTests",
            dependencies: ["AriadneCore"]
        ),
    ],
    swiftLanguageModes: [.v5]
)
