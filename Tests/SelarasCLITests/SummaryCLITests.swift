#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SelarasTestSupport
import Testing

/// `status`, `child add` and `check add` read the store's summary instead of folding the
/// store: whole processes, killed or not, must see exactly what a full fold sees.
@Suite("CLI: the store summary, with whole processes")
struct SummaryCLITests {
    /// `status --json`'s records and events, as text (for comparing two runs).
    static func figures(_ cli: CLI, _ store: String) throws -> String {
        let s = try cli.status(store)
        let records = try #require(s["records"] as? [String: Any])
        let parts = ["child", "check", "survey"].map { k -> String in
            let r = records[k] as? [String: Any] ?? [:]
            return "\(k) \(r["active"] as? Int ?? -1)/\(r["voided"] as? Int ?? -1)"
        }
        return parts.joined(separator: ", ") + ", hidden \(s["checks_without_child"] as? Int ?? -1), events \(s["events"] as? Int ?? -1)"
    }

    /// The same figures after removing the summary, so that `status` folds the whole store.
    static func foldedFigures(_ cli: CLI, _ store: String) throws -> String {
        try? FileManager.default.removeItem(atPath: store + "/summary")
        return try figures(cli, store)
    }

    @Test("after kill -9 at random moments, every acknowledged check is counted and status equals a full fold")
    func killNine() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        let exe = try #require(CLI.executable)
        // Kill at fractions of one command's own duration, so the kills land inside it.
        let started = Date()
        try cli.ok(["check", "add", "--store", store, "--child", child, "--date", "2025-01-14", "--weight", "8.0"])
        let duration = Date().timeIntervalSince(started)
        var acknowledged: [String] = []
        var killed = 0
        for round in 0..<24 {
            let out = cli.path("out-\(round)")
            _ = FileManager.default.createFile(atPath: out, contents: nil)
            let p = Process()
            p.executableURL = exe
            p.arguments = round % 4 == 3 ? ["status", "--store", store]
                : ["check", "add", "--store", store, "--child", child, "--date", "2025-01-15", "--weight", "\(8 + round % 5).\(round % 10)"]
            p.environment = ["HOME": cli.directory.path, "PATH": "/usr/bin:/bin"]
            p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32(duration * 1_000_000 * Double(round % 8 + 1) / 8))
            _ = kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if p.terminationReason == .uncaughtSignal { killed += 1 }
            let printed = String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self)
            if p.terminationReason == .exit, p.terminationStatus == 0, round % 4 != 3 {
                acknowledged.append(printed.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        // Whatever was killed where, the next commands see every acknowledged check.
        let logged = Set(try cli.log(store).compactMap { $0["entity"] as? String })
        for id in acknowledged { #expect(logged.contains(id), "acknowledged \(id) is not in the log") }
        let checks = logged.filter { $0.hasPrefix("gc-") }.count
        #expect(try cli.active("check", in: store) == checks, "killed \(killed) of 24")
        #expect(killed > 0, "no command was killed: the test proves nothing")
        try cli.ok(["check", "add", "--store", store, "--child", child, "--date", "2025-01-16", "--weight", "8.5"])
        let viaSummary = try Self.figures(cli, store)
        #expect(viaSummary == (try Self.foldedFigures(cli, store)))
        #expect(viaSummary.hasPrefix("child 1/0, check \(checks + 1)/0"), "\(viaSummary)")
        print("kill -9: \(killed) of 24 commands killed, \(acknowledged.count) checks acknowledged, \(checks) in the log")
    }

    @Test("check add judges a check against the child as corrected and voided, read through the summary")
    func childAsCorrected() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        try cli.ok(["status", "--store", store])  // writes the summary
        try cli.ok(["correct", "--store", store, child, "--born", "2025-02-01", "--reason", "akta kelahiran"])
        let before = try cli.run(["check", "add", "--store", store, "--child", child, "--date", "2025-01-15", "--weight", "8.4"])
        #expect(before.status == 2, "\(before)")
        #expect(before.stderr.contains("2025-02-01"), "the corrected birth date is the one judged: \(before)")
        try cli.ok(["check", "add", "--store", store, "--child", child, "--date", "2025-03-15", "--weight", "4.4"])
        try cli.ok(["void", "--store", store, child, "--with-checks", "--reason", "entered twice"])
        let voided = try cli.run(["check", "add", "--store", store, "--child", child, "--date", "2025-03-20", "--weight", "4.5"])
        #expect(voided.status == 2, "\(voided)")
        #expect(voided.stderr.contains("was voided"), "\(voided)")
        let viaSummary = try Self.figures(cli, store)
        #expect(viaSummary == "child 0/1, check 0/1, survey 0/0, hidden 0, events 5")
        #expect(viaSummary == (try Self.foldedFigures(cli, store)))
    }

    @Test("a summary copied from another store is ignored: status still equals a full fold")
    func foreignSummary() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        try cli.ok(["check", "add", "--store", store, "--child", child, "--date", "2025-01-15", "--weight", "8.4"])
        let other = cli.path("lap2")
        try cli.ok(["init", "--store", other, "--kelurahan", "Manggar"])
        try cli.ok(["survey", "add", "--store", other, "--head-name", "Budi", "--occupants", "5", "--floor-area", "24",
                    "--date", "2025-02-03"])
        try cli.ok(["status", "--store", other])
        try? FileManager.default.removeItem(atPath: store + "/summary")
        try FileManager.default.copyItem(atPath: other + "/summary", toPath: store + "/summary")
        #expect(try Self.figures(cli, store) == "child 1/0, check 1/0, survey 0/0, hidden 0, events 2")
    }
}
