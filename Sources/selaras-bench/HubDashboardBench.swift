import ArgumentParser
import Foundation
import Logging
import SelarasHub
import SelarasLog
import SelarasMerge
import SelarasModel

/// `selaras-bench hub-dashboard`: what keeping the state saves on a large hub — the fold at
/// start, then the dashboard and a kept export served without a fold.
struct HubDashboardBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub-dashboard",
        abstract: "A hub over a store of N growth checks: start (one fold), dashboard renders, a dashboard action, a made and a kept export.",
        discussion: """
        In-process (no HTTP): the figures are the hub's own work per request. Prints the start
        time (the one full fold), the dashboard's render time (p50 of --renders, then after a
        dashboard action that appends one event), and a csv.gz analyst export made, then served
        again from the kept file.

          swift run -c release selaras-bench hub-dashboard --checks 1000000
        """)
    @Option(help: "Growth checks in the hub's store (children are a tenth of them).") var checks = 1_000_000
    @Option(help: "Dashboard views to time after each change (the first computes the snapshot).") var renders = 5

    func run() async throws {
        guard checks > 0, renders > 0 else { throw ValidationError("--checks and --renders must be at least 1") }
        let base = NSTemporaryDirectory() + "selaras-hub-dashboard-\(getpid())"
        try? FileManager.default.removeItem(atPath: base)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        print("hub-dashboard: \(checks) growth checks; \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(load)")
        let store = try Store.create(at: base + "/hub", kelurahan: Kelurahan(code: 1)!, label: "hub")
        var made = 0
        var k: UInt16 = 1
        while made < checks {
            let n = min(checks - made, 50_000)
            try ExportBench.record(into: store, checks: n, kelurahan: k, offset: made)
            made += n
            k = k % 34 + 1
        }
        let events = store.versionVector.totalEvents
        let child = try requireBench(ConsolidatedState(store: store).recordIDs(of: .child).first)
        store.close()

        var logger = Logger(label: "selaras.bench.hub")
        logger.logLevel = .warning
        var t = Measure.now()
        let hub = try await Hub(storeDirectory: base + "/hub", logger: logger)
        print("hub start (one fold of \(events) events): \(Measure.fmt((Measure.now() - t) * 1000)) ms")
        /// The first render (computes the snapshot) and the p50 of the next ones (the kept snapshot).
        func renderTimes() async throws -> (first: Double, kept: Double) {
            var times: [Double] = []
            for _ in 0..<max(renders, 2) {
                let s = Measure.now()
                _ = try await hub.dashboardHTML(formToken: nil)
                times.append(Measure.now() - s)
            }
            let rest = times.dropFirst().sorted()
            return (times[0], rest[rest.count / 2])
        }
        let before = try await renderTimes()
        print("dashboard, first view (snapshot computed): \(Measure.fmt(before.first * 1000)) ms; again (kept), p50: \(Measure.fmt(before.kept * 1000, 1)) ms")
        t = Measure.now()
        _ = try await hub.resolve(entity: child.description, field: "name", value: "Siti Aminah Putri")
        print("dashboard action (one event, folded in):   \(Measure.fmt((Measure.now() - t) * 1000)) ms")
        let after = try await renderTimes()
        print("dashboard after it, first view:            \(Measure.fmt(after.first * 1000)) ms; again (kept), p50: \(Measure.fmt(after.kept * 1000, 1)) ms")

        let code = try LoginCodes(registry: hub.registryFile).create(label: "bench")
        let session = try await hub.login(code: code).session
        for round in ["made", "kept"] {
            t = Measure.now()
            let d = try await hub.prepareDownload(by: .session(session), format: "csv.gz", tier: "analyst")
            print("csv.gz analyst export, \(round):  \(Measure.fmt((Measure.now() - t) * 1000)) ms (\(d.bytes) bytes)")
            try? FileManager.default.removeItem(atPath: d.stagingDirectory)
        }
        print("exports made: \(await hub.exportsMade); hub peak memory (VmHWM, this process): \(Measure.fmt(Measure.peakMemoryMiB(), 1)) MiB")
        await hub.close()
    }
}

/// The value, or a ValidationError naming what was missing.
private func requireBench<T>(_ value: T?) throws -> T {
    guard let value else { throw ValidationError("the benchmark store has no child") }
    return value
}
