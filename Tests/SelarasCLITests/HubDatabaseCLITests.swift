#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SelarasTestSupport
import Testing

/// `selaras hub serve --database`: the hub's data in a real throwaway PostgreSQL cluster.
@Suite("CLI: hub serve --database", .enabled(if: PostgresCluster.findBinaries() != nil, Comment(rawValue: PostgresCluster.skipReason)))
struct HubDatabaseCLITests {
    /// A running `selaras hub serve --database`, its output in files.
    final class DatabaseServe {
        let process = Process()
        let url: String
        let outPath: String
        let errPath: String

        init(cli: CLI, store: String, database: String?, environment: [String: String] = [:]) throws {
            let tag = UUID().uuidString
            outPath = cli.path(".serve-out-\(tag)")
            errPath = cli.path(".serve-err-\(tag)")
            _ = FileManager.default.createFile(atPath: outPath, contents: nil)
            _ = FileManager.default.createFile(atPath: errPath, contents: nil)
            process.executableURL = try #require(CLI.executable)
            process.arguments = ["hub", "serve", "--store", store, "--port", "0"] + (database.map { ["--database", $0] } ?? [])
            process.currentDirectoryURL = cli.directory.url
            var env = ProcessInfo.processInfo.environment
            for (k, v) in environment { env[k] = v }
            process.environment = env
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
            try process.run()
            // The first stdout line names the bound URL (the first answer may wait on a loaded machine).
            var found: String?
            let deadline = Date().addingTimeInterval(120)
            while found == nil, Date() < deadline, process.isRunning {
                let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
                if let range = text.range(of: "http://"), text[range.lowerBound...].contains("\n") {
                    found = String(text[range.lowerBound...].prefix { !$0.isWhitespace })
                } else {
                    usleep(50_000)
                }
            }
            guard let found else {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
                let printed = [outPath, errPath].map { (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "" }.joined()
                throw ServeError(message: "hub serve printed no URL: \(printed)")
            }
            url = found
        }

        /// Everything it printed, stdout then stderr.
        var output: String {
            ((try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "") + ((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
        }

        /// Sends a signal and waits; returns the exit status.
        @discardableResult
        func stop(_ signal: Int32 = SIGTERM) -> Int32 {
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    struct ServeError: Error { let message: String }

    /// A new database in the shared cluster, migrated, its URL with a password the cluster does
    /// not ask for (trust), so that a leak of it would show.
    static func migratedDatabase(_ cli: CLI) throws -> String {
        let cluster = try #require(try PostgresCluster.shared())
        let url = "postgresql://\(cluster.user):rahasia@/\(try cluster.createDatabase())?host=\(cluster.socketDirectory)&port=\(cluster.port)"
        try cli.ok(["hub", "migrate", "--database", url])
        return url
    }

    /// Makes a laptop with one child in a kelurahan and enrols it as a cadre through the database.
    static func cadre(_ cli: CLI, _ name: String, kelurahan: String, hub: String, database: String) throws -> String {
        let store = cli.path(name)
        try cli.ok(["init", "--store", store, "--kelurahan", kelurahan, "--label", name])
        try cli.ok(["child", "add", "--store", store, "--name", "Anak \(name)", "--sex", "P", "--born", "2024-03-02",
                    "--mother", "Ibu \(name)", "--posyandu", "Melati 3"])
        let made = try cli.ok(["hub", "enrol", "--store", cli.path("hub"), "--database", database, "--role", "cadre", "--kelurahan", kelurahan])
        let code = try #require(made.stdoutLines.first?.split(separator: " ").last.map(String.init))
        try cli.ok(["enrol", "--store", store, "--hub", hub, "--code", code])
        return store
    }

    @Test("serve --database: laptops enrolled through the database sync; a process restarted on the same database still holds everything; the password never shows")
    func serveAndSync() throws {
        let cli = try CLI()
        let database = try Self.migratedDatabase(cli)
        var serve = try DatabaseServe(cli: cli, store: cli.path("hub"), database: nil, environment: ["SELARAS_DATABASE": database])
        var running = true
        defer { if running { serve.stop(SIGKILL) } }
        let a = try Self.cadre(cli, "lap1", kelurahan: "Manggar", hub: serve.url, database: database)
        let synced = try cli.ok(["sync", "--store", a])
        #expect(synced.stdout.contains("received by the office: Manggar seq 1…1 of 1 (all)"), "\(synced)")
        #expect(serve.stop() == 0, "\(serve.output)")
        running = false
        let first = serve.output
        // The data is in the database, not in the hub's directory: a new process serves it.
        serve = try DatabaseServe(cli: cli, store: cli.path("hub"), database: database)
        running = true
        let b = try Self.cadre(cli, "lap2", kelurahan: "Manggar", hub: serve.url, database: database)
        let pulled = try cli.ok(["sync", "--store", b])
        #expect(pulled.status == 0)
        #expect(try cli.eventCount(b) == 2, "the second laptop received the first one's child from the database")
        let again = try cli.ok(["sync", "--store", a, "--hub", serve.url])
        #expect(again.stdout.contains("sent      0 events"), "\(again)")
        #expect(try cli.eventCount(a) == 2)
        #expect(serve.stop() == 0)
        running = false
        for text in [first, serve.output] {
            #expect(!text.contains("rahasia"), "the password leaked: \(text)")
            #expect(text.contains("postgresql://selaras:***@"), "the log names the database without its password: \(text)")
        }
        #expect(try cli.eventCount(cli.path("hub")) == 0, "the hub's directory holds only its identity")
    }

    @Test("serve --database on an unmigrated or unreachable database fails in one sentence that never shows the password")
    func refusals() throws {
        let cli = try CLI()
        let cluster = try #require(try PostgresCluster.shared())
        let unmigrated = "postgresql://selaras:rahasia@/\(try cluster.createDatabase())?host=\(cluster.socketDirectory)&port=\(cluster.port)"
        let unreachable = "postgresql://selaras:rahasia@/postgres?host=\(cluster.socketDirectory)&port=1"
        for (url, why) in [(unmigrated, "selaras hub migrate"), (unreachable, "could not reach the database")] {
            let r = try cli.run(["hub", "serve", "--store", cli.path("hub"), "--port", "0", "--database", url])
            #expect(r.status == 1, "\(r)")
            let lines = r.stderrLines.filter { !$0.contains("created the hub's store") }
            #expect(lines.count == 1 && lines[0].hasPrefix("selaras: ") && lines[0].contains(why), "\(r)")
            #expect(!r.stderr.contains("rahasia") && !r.stdout.contains("rahasia"), "\(r)")
        }
    }
}
