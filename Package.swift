// swift-tools-version: 6.1
import PackageDescription

/// Swift 6 module hygiene, as in hummingbird's manifest.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "footfall",
    products: [
        .executable(name: "footfall", targets: ["footfall"]),
        .library(name: "LogIngest", targets: ["LogIngest"]),
        .library(name: "SiteConfig", targets: ["SiteConfig"]),
        .library(name: "LogAnalytics", targets: ["LogAnalytics"]),
        .library(name: "ParquetStore", targets: ["ParquetStore"]),
        .library(name: "FootfallStore", targets: ["FootfallStore"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Console", targets: ["Console"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        // The console (SPEC §13): server, bcrypt and sessions, server log, graceful shutdown.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CDeflate",
            pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"])]
        ),
        .systemLibrary(
            name: "CIsal",
            pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]
        ),
        .target(name: "CPrefetch"),
        .target(name: "CAllocator"),
        .target(
            name: "ByteTables",
            dependencies: ["CPrefetch"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "LogIngest",
            dependencies: [
                "ByteTables",
                "CIsal",
                "CZlib",
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SiteConfig",
            dependencies: [
                "LogIngest",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "LogAnalytics",
            dependencies: ["ByteTables", "CPrefetch", "LogIngest", "SiteConfig"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ParquetStore",
            dependencies: ["ByteTables", "CZlib", "CDeflate", "CIsal"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "FootfallStore",
            dependencies: ["ByteTables", "ParquetStore", "LogAnalytics", "SiteConfig", "LogIngest", "CIsal", "CPrefetch"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Reports",
            dependencies: ["FootfallStore", "ParquetStore", "LogAnalytics", "LogIngest", "SiteConfig"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Console",
            dependencies: [
                "Reports", "FootfallStore", "LogAnalytics", "LogIngest", "SiteConfig",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "footfall",
            dependencies: [
                "CAllocator",
                "LogIngest",
                "SiteConfig",
                "LogAnalytics",
                "FootfallStore",
                "Reports",
                "Console",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TestScratch",
            path: "Tests/TestScratch",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ByteTablesTests",
            dependencies: ["ByteTables"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LogIngestTests",
            dependencies: ["TestScratch", "LogIngest", "CZlib"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LogAnalyticsTests",
            dependencies: ["TestScratch", "LogAnalytics", "LogIngest", "SiteConfig"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FootfallCLITests",
            dependencies: ["TestScratch", "footfall", "ParquetStore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FootfallStoreTests",
            dependencies: ["TestScratch", "FootfallStore", "ParquetStore", "LogAnalytics", "SiteConfig", "LogIngest"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["TestScratch", "Reports", "FootfallStore", "LogAnalytics", "SiteConfig", "LogIngest", "ParquetStore"],
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConsoleTests",
            dependencies: ["TestScratch", "Console", "Reports", "FootfallStore", "LogAnalytics"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ParquetStoreTests",
            dependencies: ["ParquetStore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SiteConfigTests",
            dependencies: ["SiteConfig", "LogIngest"],
            swiftSettings: strictSettings
        ),
    ]
)
