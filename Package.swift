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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
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
            dependencies: ["FootfallStore", "ParquetStore", "LogAnalytics", "LogIngest"],
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
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
