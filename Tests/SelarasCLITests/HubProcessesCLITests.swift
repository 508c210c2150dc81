#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SelarasTestSupport
import Testing

/// Two `selaras hub serve --database` processes on one PostgreSQL database, each with a copy
/// of the hub's directory: laptops split over them, one killed mid-burst, the rest through the other.
@Suite("CLI: two hub processes on one database", .enabled(if: PostgresCluster.findBinaries() != nil, Comment(rawValue: PostgresCluster.skipReason)))
struct HubProcessesCLITests {
    typealias Serve = HubDatabaseCLITests.DatabaseServe

    /// Runs `psql -Atc SQL` on the cluster's database and returns its output lines.
    static func psql(_ cluster: PostgresCluster, database: String, _ sql: String) throws -> [String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: cluster.binaries + "/psql")
        p.arguments = ["-h", cluster.socketDirectory, "-p", String(cluster.port), "-U", cluster.user, "-d", database, "-Atc", sql]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "psql failed: \(sql)")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Starts `selaras sync --store STORE [--hub URL]` without waiting.
    static func startSync(_ cli: CLI, _ store: String, hub: String? = nil) throws -> Process {
        let p = Process()
        p.executableURL = try #require(CLI.executable)
        p.arguments = ["sync", "--store", store] + (hub.map { ["--hub", $0] } ?? [])
        p.currentDirectoryURL = cli.directory.url
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    @Test("laptops split over two processes, one SIGKILLed mid-burst: the next syncs through the other complete; every event once in the database and in the export")
    func killOneMidBurst() throws {
        let cli = try CLI()
        let cluster = try #require(try PostgresCluster.shared())
        let dbName = try cluster.createDatabase()
        let database = "postgresql://\(cluster.user)@/\(dbName)?host=\(cluster.socketDirectory)&port=\(cluster.port)"
        try cli.ok(["hub", "migrate", "--database", database])
        // One identity, given to each process as its own copy of the hub's directory.
        try cli.ok(["init", "--store", cli.path("hub"), "--kelurahan", "Manggar", "--label", "dinkes"])
        try FileManager.default.copyItem(atPath: cli.path("hub"), toPath: cli.path("hub2"))
        let a = try Serve(cli: cli, store: cli.path("hub"), database: database)
        var aRunning = true
        defer { if aRunning { a.stop(SIGKILL) } }
        let b = try Serve(cli: cli, store: cli.path("hub2"), database: database)
        defer { b.stop(SIGKILL) }

        let laptops = 8, childrenEach = 3
        var stores: [String] = []
        for i in 0..<laptops {
            let store = cli.path("lap\(i)")
            try cli.ok(["init", "--store", store, "--kelurahan", "Manggar", "--label", "lap\(i)"])
            for c in 0..<childrenEach {
                try cli.ok(["child", "add", "--store", store, "--name", "Anak \(i)-\(c)", "--sex", c % 2 == 0 ? "P" : "L",
                            "--born", "2024-03-0\(c + 1)", "--mother", "Ibu \(i)", "--posyandu", "Melati \(i)"])
            }
            let made = try cli.ok(["hub", "enrol", "--store", cli.path("hub"), "--database", database, "--role", "cadre", "--kelurahan", "Manggar"])
            let code = try #require(made.stdoutLines.first?.split(separator: " ").last.map(String.init))
            try cli.ok(["enrol", "--store", store, "--hub", i % 2 == 0 ? a.url : b.url, "--code", code])
            stores.append(store)
        }
        // The burst: every laptop syncs at once; process A is killed while it answers.
        let burst = try stores.map { try Self.startSync(cli, $0) }
        usleep(150_000)
        #expect(a.stop(SIGKILL) != 0)
        aRunning = false
        for p in burst { p.waitUntilExit() }
        // Every laptop syncs again through B: each completes, with all its events received.
        for store in stores {
            let r = try cli.ok(["sync", "--store", store, "--hub", b.url])
            #expect(r.stdout.contains("seq 1…\(childrenEach) of \(childrenEach) (all)"), "\(r)")
        }
        let total = laptops * childrenEach
        let counts = try Self.psql(cluster, database: dbName, "SELECT count(*), count(DISTINCT (origin, kelurahan, seq)) FROM events")
        #expect(counts == ["\(total)|\(total)"], "every event once in the database")
        #expect(try Self.psql(cluster, database: dbName, "SELECT count(*) FROM waiting_events") == ["0"])
        // The office's export from B holds every child once.
        let made = try cli.ok(["hub", "enrol", "--store", cli.path("hub2"), "--database", database, "--role", "office"])
        let code = try #require(made.stdoutLines.first?.split(separator: " ").last.map(String.init))
        try cli.ok(["init", "--store", cli.path("office"), "--kelurahan", "Manggar", "--label", "office"])
        try cli.ok(["enrol", "--store", cli.path("office"), "--hub", b.url, "--code", code])
        try cli.ok(["sync", "--store", cli.path("office")])
        #expect(try cli.eventCount(cli.path("office")) == total)
        try cli.ok(["download", "csv.gz", "--store", cli.path("office"), "--tier", "office", "--out", cli.path("dl")])
        let tar = try #require(try FileManager.default.contentsOfDirectory(atPath: cli.path("dl")).first { $0.hasSuffix(".tar") })
        let untar = Process()
        untar.executableURL = URL(fileURLWithPath: "/bin/tar")
        untar.arguments = ["-xf", cli.path("dl") + "/" + tar, "-C", cli.path("dl")]
        try untar.run()
        untar.waitUntilExit()
        let children = try #require(try FileManager.default.subpathsOfDirectory(atPath: cli.path("dl")).first { $0.hasSuffix("children.csv.gz") })
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gunzip.arguments = ["-dc", cli.path("dl") + "/" + children]
        let pipe = Pipe()
        gunzip.standardOutput = pipe
        try gunzip.run()
        let csv = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        gunzip.waitUntilExit()
        let rows = csv.split(whereSeparator: \.isNewline).dropFirst()  // CSV lines end in CRLF, one Character
        #expect(rows.count == total, "every child once in the export (\(children))")
        #expect(Set(rows).count == rows.count)
    }
}
