// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Selaras",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "selaras", targets: ["selaras"]),
        .executable(name: "selaras-bench", targets: ["selaras-bench"]),
        .library(name: "SelarasModel", targets: ["SelarasModel"]),
        .library(name: "SelarasLog", targets: ["SelarasLog"]),
        .plugin(name: "ExportDatasets", targets: ["ExportDatasets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // zlib from Debian's zlib1g-dev (CRC-32 for frames, deflate for bundles and exports).
        .systemLibrary(
            name: "CSelarasZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Records, fields, validation, events, dots and their canonical binary codec.
        .target(
            name: "SelarasModel",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The replica's store: per-stream append-only logs, recovery, keys.
        .target(
            name: "SelarasLog",
            dependencies: [
                "SelarasModel", "CSelarasZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // libdeflate from Debian's libdeflate-dev (whole-buffer deflate for the exporters' blocks, fast CRC-32).
        .systemLibrary(
            name: "CSelarasDeflate",
            providers: [.apt(["libdeflate-dev"])]
        ),
        // Streaming zlib/gzip (deflate) over the system zlib: bundles and exports.
        .target(name: "SelarasCompression", dependencies: ["CSelarasZlib", "CSelarasDeflate"]),
        // Merge: fold the events of all streams into consolidated state (multi-value registers).
        .target(name: "SelarasMerge", dependencies: ["SelarasModel", "SelarasLog"]),
        // Sync: bundles (signed, zlib-compressed, verified whole), pending events, peer vectors.
        .target(name: "SelarasSync", dependencies: [
            "SelarasModel", "SelarasLog", "SelarasCompression",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Record entry: from command-line flags or CSV rows to validated event drafts.
        .target(name: "SelarasEntry", dependencies: ["SelarasModel", "SelarasLog", "SelarasMerge", "SelarasAnthro"]),
        // Export core: dataset tables (z-scores, indicators, RTLH criteria), tiers, the Exporter
        // protocol, streaming parallel gzip, SHA256SUMS.
        .target(name: "SelarasExport", dependencies: [
            "SelarasModel", "SelarasMerge", "SelarasAnthro", "SelarasCompression", "CSelarasZlib",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // One module per exporter.
        .target(name: "SelarasExportCSV", dependencies: ["SelarasExport"]),
        .target(name: "SelarasExportJSONL", dependencies: ["SelarasExport"]),
        // `parquet`: Apache Parquet files written by hand (Thrift compact footer, GZIP pages).
        .target(name: "SelarasExportParquet", dependencies: ["SelarasExport", "SelarasCompression", "SelarasModel"]),
        // `zip`: a Frictionless data package (CSV tables, datapackage.json, codebook, SHA256SUMS).
        .target(name: "SelarasExportZip", dependencies: [
            "SelarasExport",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // `xlsx`: one hand-written OOXML workbook for the office.
        .target(name: "SelarasExportXLSX", dependencies: [
            "SelarasExport", "SelarasExportZip", "SelarasModel",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], resources: [.copy("Resources/judul-kolom.json")]),
        // e-PPGBM, the national nutrition register: its download's layout (a versioned column map),
        // the .csv/.xlsx reader (ZIPFoundation + Foundation's XMLParser) and the selisih check.
        .target(name: "SelarasEPPGBM", dependencies: [
            "SelarasModel", "SelarasEntry", "SelarasLog", "SelarasMerge", "SelarasAnthro",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], resources: [.copy("Resources/eppgbm-columns.json")]),
        // `eppgbm`: the office's workbook in e-PPGBM's layout (Pengukuran, SKDN, Rekap).
        .target(name: "SelarasExportEPPGBM", dependencies: [
            "SelarasExport", "SelarasExportXLSX", "SelarasEPPGBM", "SelarasModel", "SelarasAnthro",
        ]),
        // The printable monthly report (A4 landscape, a page per posyandu): SKDN, statuses,
        // children to follow up, the 12-month trend; template in Resources (swift-mustache).
        .target(name: "SelarasReport", dependencies: [
            "SelarasExport", "SelarasExportEPPGBM", "SelarasModel", "SelarasMerge", "SelarasAnthro",
            .product(name: "Mustache", package: "swift-mustache"),
        ], resources: [.copy("Resources/laporan-bulanan.mustache")]),
        // The registry where the CLI and the hub find exporters.
        .target(name: "SelarasExporters", dependencies: [
            "SelarasExport", "SelarasExportCSV", "SelarasExportJSONL", "SelarasExportZip", "SelarasExportXLSX",
            "SelarasExportParquet",
            "SelarasExportEPPGBM",
        ]),
        // The demo data set generator.
        .target(name: "SelarasDemo", dependencies: ["SelarasModel", "SelarasLog", "SelarasMerge", "SelarasEntry", "SelarasAnthro", "SelarasSync"]),
        // The office's dashboard: a snapshot of the consolidated state and its indicators, rendered
        // as one self-contained HTML page (no HTTP here; the hub serves it, the CLI writes it).
        .target(name: "SelarasDashboard", dependencies: [
            "SelarasModel", "SelarasLog", "SelarasMerge", "SelarasSync", "SelarasAnthro",
            "SelarasExport", "SelarasExporters",
        ], exclude: ["README.md"]),
        // What the hub and its clients both see on the wire: roles, enrolment, signed receipts.
        .target(name: "SelarasHubProtocol", dependencies: [
            "SelarasModel", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The hub: a replica with an HTTP face (Hummingbird), device registry, audit log.
        .target(name: "SelarasHub", dependencies: [
            "SelarasHubProtocol", "SelarasModel", "SelarasLog", "SelarasSync", "SelarasMerge", "SelarasAnthro",
            "SelarasExport", "SelarasExporters", "SelarasEntry", "SelarasDashboard",
            "SelarasReport", "SelarasExportEPPGBM",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: ["README.md"]),
        // The hub's PostgreSQL store (postgres-nio): migrations; events, devices, codes, audit in tables.
        .target(name: "SelarasHubPostgres", dependencies: [
            "SelarasHub", "SelarasHubProtocol", "SelarasModel", "SelarasLog", "SelarasSync", "SelarasMerge",
            "SelarasDashboard",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The laptop's side of the hub: enrol, sync, download (FoundationNetworking URLSession).
        .target(name: "SelarasHubClient", dependencies: [
            "SelarasHubProtocol", "SelarasModel", "SelarasLog", "SelarasSync",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The laptop's face.
        .executableTarget(
            name: "selaras",
            dependencies: [
                "SelarasModel", "SelarasLog", "SelarasMerge", "SelarasEntry", "SelarasDemo", "SelarasAnthro", "SelarasSync",
                "SelarasExport", "SelarasExporters", "SelarasHub", "SelarasHubClient", "SelarasHubProtocol", "SelarasDashboard", "SelarasApp",
                "SelarasEPPGBM", "SelarasExportEPPGBM", "SelarasReport",
                "SelarasHubPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `swift package --allow-writing-to-package-directory export-datasets ARGS…`: runs
        // `selaras export ARGS…` from the package directory (see Plugins/README.md).
        .plugin(
            name: "ExportDatasets",
            capability: .command(
                intent: .custom(verb: "export-datasets", description: "Export Selaras datasets"),
                permissions: [.writeToPackageDirectory(reason: "writes the exported datasets")]
            ),
            dependencies: ["selaras"]
        ),
        // Benchmarks and the crash-test writer (prints figures; never a timed unit test).
        .executableTarget(
            name: "selaras-bench",
            dependencies: [
                "SelarasModel", "SelarasLog", "SelarasMerge", "SelarasSync", "SelarasDemo",
                "SelarasAnthro", "SelarasExport", "SelarasExportCSV", "SelarasExportJSONL", "SelarasExportParquet",
                "SelarasExportXLSX",
                "SelarasHub", "SelarasHubClient", "SelarasHubProtocol", "SelarasEPPGBM", "SelarasExportEPPGBM",
                "SelarasApp",
                "SelarasHubPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The cadre's app: a local web app (Hummingbird on 127.0.0.1, mustache templates in
        // Resources/templates) over the laptop's store, with the KMS growth chart.
        .target(name: "SelarasApp", dependencies: [
            "SelarasModel", "SelarasLog", "SelarasMerge", "SelarasEntry", "SelarasAnthro", "SelarasSync",
            "SelarasHubClient", "SelarasHubProtocol", "SelarasReport", "SelarasExport", "SelarasExportEPPGBM",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], resources: [.copy("Resources/templates"), .copy("Resources/static")]),
        // WHO 2006 growth z-scores and Permenkes 2/2020 categories (no I/O beyond its tables).
        .target(name: "SelarasAnthro", resources: [.copy("Resources/who")]),
        // Fault-injecting and power-cut file systems, temporary directories, fixtures.
        .target(name: "SelarasTestSupport", dependencies: ["SelarasModel", "SelarasLog"]),
        // What the libFuzzer harnesses (Fuzz/, Scripts/fuzz) and the corpus replay feed untrusted
        // bytes to: the bundle reader, the event decoder, the CSV reader, the device registry.
        .target(name: "SelarasFuzzTargets", dependencies: [
            "SelarasSync", "SelarasModel", "SelarasEntry", "SelarasMerge", "SelarasHub", "SelarasCompression",
            "SelarasLog",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(
            name: "SelarasModelTests",
            dependencies: ["SelarasModel", "SelarasTestSupport"],
            resources: [.copy("../../Fixtures")]
        ),
        .testTarget(
            name: "SelarasAnthroTests",
            dependencies: ["SelarasAnthro", "SelarasModel"],
            resources: [.copy("../../Fixtures")]
        ),
        .testTarget(
            name: "SelarasLogTests",
            dependencies: ["SelarasLog", "SelarasModel", "SelarasTestSupport"],
            resources: [.copy("../../Fixtures")]
        ),
        .testTarget(
            name: "SelarasSyncTests",
            dependencies: [
                "SelarasSync", "SelarasMerge", "SelarasLog", "SelarasModel", "SelarasTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("../../Fixtures")]
        ),
        .testTarget(
            name: "SelarasExportTests",
            dependencies: [
                "SelarasExport", "SelarasExportZip", "SelarasExportXLSX", "SelarasExporters", "SelarasExportParquet",
                "SelarasCompression", "SelarasMerge", "SelarasModel", "SelarasAnthro", "SelarasTestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("../../Fixtures/parquet")]
        ),
        .testTarget(
            name: "SelarasDashboardTests",
            dependencies: [
                "SelarasDashboard", "SelarasExport", "SelarasMerge", "SelarasLog", "SelarasModel",
                "SelarasAnthro", "SelarasExporters", "SelarasTestSupport",
            ]
        ),
        .testTarget(
            name: "SelarasHubTests",
            dependencies: [
                "SelarasHub", "SelarasHubClient", "SelarasHubProtocol", "SelarasSync", "SelarasLog",
                "SelarasModel", "SelarasMerge", "SelarasTestSupport",
                "SelarasDashboard", "SelarasReport", "SelarasExportEPPGBM", "SelarasAnthro",
                "SelarasHubPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "SelarasHubPostgresTests",
            dependencies: [
                "SelarasHubPostgres", "SelarasHub", "SelarasHubProtocol", "SelarasModel", "SelarasTestSupport",
                "SelarasSync", "SelarasLog",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SelarasFuzzTests",
            dependencies: ["SelarasFuzzTargets", "SelarasTestSupport"],
            resources: [.copy("../../Fixtures")]
        ),
        .testTarget(
            name: "SelarasAppTests",
            dependencies: [
                "SelarasApp", "SelarasAnthro", "SelarasModel", "SelarasLog", "SelarasMerge", "SelarasSync", "SelarasTestSupport",
                "SelarasHub", "SelarasHubClient", "SelarasHubProtocol", "SelarasReport", "SelarasExport", "SelarasExportEPPGBM",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("../../Fixtures")]
        ),
        .testTarget(
            name: "SelarasEPPGBMTests",
            dependencies: [
                "SelarasEPPGBM", "SelarasEntry", "SelarasLog", "SelarasMerge", "SelarasModel", "SelarasAnthro",
                "SelarasTestSupport", "SelarasExport", "SelarasExportEPPGBM", "SelarasExportXLSX", "SelarasReport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("../../Fixtures")]
        ),
        .testTarget(
            name: "SelarasCLITests",
            dependencies: ["SelarasModel", "SelarasLog", "SelarasTestSupport", "SelarasCompression"],
            resources: [.copy("../../Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
