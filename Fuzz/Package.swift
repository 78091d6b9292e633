// swift-tools-version:6.1
// libFuzzer targets: FuzzProtocol for the frame decoder and envelope unpacking, FuzzConfig for
// the tool config loader (libyaml, decoding, validation, canonical JSON). `scripts/fuzz-protocol`
// builds them with libFuzzer and AddressSanitizer and runs one; it is its own package so
// the main build and `swift test` never see the fuzzer flags.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which is whatever the clone was called.
let rootIdentity = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "ProtocolFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "FuzzProtocol",
            dependencies: [
                .product(name: "Protocol", package: rootIdentity),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "FuzzConfig",
            dependencies: [
                .product(name: "ToolConfig", package: rootIdentity),
            ]
        ),
    ]
)
