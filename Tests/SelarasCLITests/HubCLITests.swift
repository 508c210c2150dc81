#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// The hub end to end through the `selaras` executable: `hub serve` as a subprocess, codes made
/// while it runs, two laptops enrolled and synced over loopback, SIGTERM stops it cleanly.
@Suite struct HubCLITests {
    /// A running `selaras hub serve`.
    final class ServeProcess {
        let process = Process()
        let url: String

        init(cli: CLI, store: String) throws {
            let exe = try #require(CLI.executable)
            process.executableURL = exe
            process.arguments = ["hub", "serve", "--store", store, "--port", "0"]
            process.currentDirectoryURL = cli.directory.url
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            // The first stdout line names the bound URL.
            var text = ""
            let deadline = Date().addingTimeInterval(30)
            while !text.contains("\n"), Date() < deadline {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let range = text.range(of: "http://") else {
                process.terminate()
                throw CLIError(message: "hub serve printed no URL: \(text)")
            }
            url = String(text[range.lowerBound...].prefix { !$0.isWhitespace })
        }

        /// Sends SIGTERM and waits; returns the exit status.
        func stop() -> Int32 {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    struct CLIError: Error { let message: String }

    @Test("hub serve, enrol two laptops, sync both: the hub has both; SIGTERM stops it")
    func endToEnd() throws {
        let cli = try CLI()
        let hubStore = cli.path("hub")
        let serve = try ServeProcess(cli: cli, store: hubStore)
        var stopped = false
        defer { if !stopped { _ = serve.stop() } }

        var laptops: [String] = []
        for (name, kelurahan) in [("lap1", "Manggar"), ("lap2", "Lamaru")] {
            let store = cli.path(name)
            try cli.ok(["init", "--store", store, "--kelurahan", kelurahan, "--label", name])
            try cli.ok(["child", "add", "--store", store, "--name", "Anak \(name)", "--sex", "P", "--born", "2024-03-02",
                        "--mother", "Ibu \(name)", "--posyandu", "Melati 3"])
            // The code is made while the hub runs (the registry is shared through its file lock).
            let made = try cli.ok(["hub", "enrol", "--store", hubStore, "--role", "cadre", "--kelurahan", kelurahan])
            let code = try #require(made.stdoutLines.first?.split(separator: " ").last.map(String.init))
            let enrolled = try cli.ok(["enrol", "--store", store, "--hub", serve.url, "--code", code])
            #expect(enrolled.stdout.contains("as cadre for \(kelurahan)"))
            let synced = try cli.ok(["sync", "--store", store])
            #expect(synced.stdout.contains("received by the office: \(kelurahan) seq 1…1 of 1 (all)"), "\(synced)")
            laptops.append(store)
        }
        // Syncing again changes nothing.
        let again = try cli.ok(["sync", "--store", laptops[0]])
        #expect(again.stdout.contains("sent      0 events"), "\(again)")

        // The running hub writes syncs' bookkeeping to the registry at most once a second.
        var list: [[String: Any]] = []
        for _ in 0..<30 {
            let devices = try cli.ok(["hub", "devices", "--store", hubStore, "--json"])
            list = try #require(try JSONSerialization.jsonObject(with: Data(devices.stdout.utf8)) as? [[String: Any]])
            if list.allSatisfy({ $0["lastSync"] is String }) { break }
            usleep(100_000)
        }
        #expect(list.count == 2)
        #expect(list.allSatisfy { $0["lastSync"] is String })
        // While it runs, `hub enrol` prints its own address, and a command that needs the store says where the hub is.
        let enrol = try cli.ok(["hub", "enrol", "--store", hubStore, "--role", "analyst"])
        #expect(enrol.stdout.contains("selaras enrol --hub \(serve.url) --code"), "\(enrol)")
        let status = try cli.run(["status", "--store", hubStore])
        #expect(status.status == 1)
        #expect(status.stderr.contains("the hub running at \(serve.url)") && status.stderr.contains("hub login-link"), "\(status)")

        // An analyst enrols without `selaras init`: enrol makes the store.
        let analystCode = try #require(enrol.stdoutLines.first?.split(separator: " ").last.map(String.init))
        let analyst = cli.path("analyst")
        let joined = try cli.ok(["enrol", "--store", analyst, "--hub", serve.url, "--code", analystCode])
        #expect(joined.stdout.contains("as analyst") && joined.stdout.contains("created the store \(analyst)"), "\(joined)")
        // A cadre's code into a new store without --kelurahan: one sentence saying what to add,
        // nothing left behind, and the code still works with it.
        let cadreMade = try cli.ok(["hub", "enrol", "--store", hubStore, "--role", "cadre", "--kelurahan", "Lamaru"])
        let cadreCode = try #require(cadreMade.stdoutLines.first?.split(separator: " ").last.map(String.init))
        let lap3 = cli.path("lap3")
        let refused = try cli.run(["enrol", "--store", lap3, "--hub", serve.url, "--code", cadreCode])
        #expect(refused.status == 1 && refused.stderr.contains("--kelurahan NAME") && refused.stderr.contains("still unused"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: lap3), "the refused enrolment left a store behind")
        let cadre = try cli.ok(["enrol", "--store", lap3, "--hub", serve.url, "--code", cadreCode, "--kelurahan", "Lamaru"])
        #expect(cadre.stdout.contains("as cadre for Lamaru"), "\(cadre)")

        #expect(serve.stop() == 0)
        stopped = true
        // The hub's store (now free) holds both laptops' records.
        #expect(try cli.eventCount(hubStore) == 2)
        #expect(try cli.active("child", in: hubStore) == 2)
    }

    @Test("a sync cut mid-transfer, then the hub killed and restarted: the next sync completes, nothing lost or doubled",
          arguments: [20, 250, 450])
    func cutTransfer(killAfterMilliseconds: Int) throws {
        let cli = try CLI()
        let hubStore = cli.path("hub")
        try cli.ok(["demo", "--dir", cli.path("demo")])
        let laptop = cli.path("demo/lap1")
        let events = try cli.eventCount(laptop)
        var serve = try ServeProcess(cli: cli, store: hubStore)
        var running = true
        defer { if running { _ = serve.stop() } }
        let made = try cli.ok(["hub", "enrol", "--store", hubStore, "--role", "office"])
        let code = try #require(made.stdoutLines.first?.split(separator: " ").last.map(String.init))
        try cli.ok(["enrol", "--store", laptop, "--hub", serve.url, "--code", code])

        // The client is killed at some point of its sync (writing, sending, or receiving)…
        let sync = Process()
        sync.executableURL = try #require(CLI.executable)
        sync.arguments = ["sync", "--store", laptop]
        sync.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        sync.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try sync.run()
        usleep(useconds_t(killAfterMilliseconds * 1000))
        kill(sync.processIdentifier, SIGKILL)
        sync.waitUntilExit()
        // … then the hub is killed without warning and started again.
        kill(serve.process.processIdentifier, SIGKILL)
        serve.process.waitUntilExit()
        serve = try ServeProcess(cli: cli, store: hubStore)

        let done = try cli.ok(["sync", "--store", laptop, "--hub", serve.url])
        #expect(done.stdout.contains("(all)"), "\(done)")
        #expect(!done.stdout.contains("not yet"), "\(done)")
        #expect(serve.stop() == 0)
        running = false
        // Every event once: the hub holds exactly the laptop's events, and its logs verify.
        #expect(try cli.eventCount(hubStore) == events)
        #expect(try cli.eventCount(laptop) == events)
        try cli.ok(["verify", "--store", hubStore])
    }

    @Test("a download cut half-way (connection closed, or the client killed): nothing looks complete; the next download is whole, its hash the hub's",
          .timeLimit(.minutes(3)), arguments: ["closed", "killed"])
    func cutDownload(how: String) throws {
        let cli = try CLI()
        try cli.ok(["demo", "--dir", cli.path("demo")])
        let hubStore = cli.path("demo/office"), laptop = cli.path("demo/lap1"), out = cli.path("exports")
        let serve = try ServeProcess(cli: cli, store: hubStore)
        defer { _ = serve.stop() }
        let proxy = try CuttingProxy(upstreamPort: try #require(Int(serve.url.split(separator: ":").last ?? "")))
        defer { proxy.stop() }
        let made = try cli.ok(["hub", "enrol", "--store", hubStore, "--role", "office"])
        let code = try #require(made.stdoutLines.first?.split(separator: " ").last.map(String.init))
        try cli.ok(["enrol", "--store", laptop, "--hub", "http://127.0.0.1:\(proxy.port)", "--code", code])
        let cut = 40_000
        let arguments = ["download", "xlsx", "--store", laptop, "--tier", "office", "--out", out]
        func visible() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") }.sorted()
        }

        if how == "closed" {
            proxy.set(.cut(cut))
            let r = try cli.run(arguments)
            #expect(r.status != 0, "a cut download must fail: \(r)")
            #expect(r.stderr.contains("connection") || r.stderr.contains("cut short"), "the failure says the connection broke: \(r.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty, "nothing is left after a failed download")
        } else {
            proxy.set(.stall(cut))
            let client = Process()
            client.executableURL = try #require(CLI.executable)
            client.arguments = arguments
            client.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            client.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try client.run()
            // Killed once part of the answer's body is on disk.
            let deadline = Date().addingTimeInterval(60)
            var partial: (String, Int)?
            while partial == nil, Date() < deadline {
                usleep(20_000)
                for name in (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? [] {
                    let size = (try? FileManager.default.attributesOfItem(atPath: out + "/" + name)[.size] as? Int) ?? 0
                    if proxy.forwardedBytes == cut, size > 0 { partial = (name, size) }
                }
            }
            let seen = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).map {
                "\($0): \((try? FileManager.default.attributesOfItem(atPath: out + "/" + $0)[.size] as? Int) ?? -1)"
            }
            kill(client.processIdentifier, SIGKILL)
            client.waitUntilExit()
            let (name, size) = try #require(partial, "the client received part of the export before it was killed (forwarded \(proxy.forwardedBytes) bytes; \(seen))")
            #expect(name.hasPrefix(".download-") && size < cut, "the partial file is hidden and clearly partial: \(name), \(size) bytes")
            #expect(try visible().isEmpty, "no file with an export's name after the kill")
        }

        proxy.set(.pass)
        let done = try cli.ok(arguments)
        // Not silent while the hub makes the export: it says what it waits for, and where.
        #expect(done.stderr.contains("asking the hub at http://127.0.0.1:\(proxy.port) for the xlsx export (office tier)"), "\(done)")
        #expect(try visible() == ["selaras-office.xlsx"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).count == 1, "what the cut left is gone")
        let bytes = try #require(FileManager.default.attributesOfItem(atPath: out + "/selaras-office.xlsx")[.size] as? Int)
        #expect(bytes > 2 * cut, "the cut was at most half-way (\(cut) of \(bytes) bytes)")
        // The file's SHA-256 (by coreutils' sha256sum) is the one the hub recorded in its audit
        // log before sending (for every download, the cut ones included: same export, same bytes).
        let summer = Process()
        summer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        summer.arguments = ["sha256sum", out + "/selaras-office.xlsx"]
        let pipe = Pipe()
        summer.standardOutput = pipe
        try summer.run()
        let sum = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        summer.waitUntilExit()
        struct Entry: Decodable { let sha256: String }
        let audit = try cli.ok(["hub", "audit", "--store", hubStore, "--json"])
        let entries = try JSONDecoder().decode([Entry].self, from: Data(audit.stdout.utf8))
        #expect(entries.count == 2 && entries.last?.sha256 == String(sum), "\(entries) vs \(sum)")
        #expect(done.stdout.contains("sha256 \(sum)"), "\(done)")
    }

    @Test("demo --hub: a hub on loopback, the office and every laptop enrolled and synced over HTTP, a login link, stops after --hub-seconds")
    func demoHub() throws {
        let cli = try CLI()
        let r = try cli.ok(["demo", "--dir", cli.path("demo"), "--hub", "--hub-seconds", "1"])
        #expect(r.stdout.contains("/login?code="), "\(r)")
        #expect(r.stdout.contains("hub stopped"), "\(r)")
        let devices = try cli.ok(["hub", "devices", "--store", cli.path("demo/hub"), "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(devices.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 4, "\(devices)")   // the office and three laptops
        #expect(list.filter { $0["role"] as? String == "cadre" }.count == 3)
        #expect(list.allSatisfy { $0["lastSync"] is String }, "every device synced: \(devices)")
        // The hub holds every event the office holds (the office pushed everything).
        #expect(try cli.eventCount(cli.path("demo/hub")) >= (try cli.eventCount(cli.path("demo/office"))))
        // A second login link can be made for the stopped hub's store.
        #expect(try cli.ok(["hub", "login-link", "--store", cli.path("demo/hub")]).stdout.hasPrefix("/login?code="))
    }
}
