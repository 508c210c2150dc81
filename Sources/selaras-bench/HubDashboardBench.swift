import ArgumentParser
import Foundation
import Logging
import SelarasHub
import SelarasLog
import SelarasMerge
import SelarasModel

/// `selaras-bench hub-dashboard`: the office dashboard's response time on a large hub, whose
/// figures are computed off the request path — the first computation, pages while figures are
/// recomputed after a change and after, an action that waits for its figures — then a made and
/// a kept export.
struct HubDashboardBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub-dashboard",
        abstract: "A hub over a store of N growth checks: dashboard response times during and after changes, the recompute time, a made and a kept export.",
        discussion: """
        In-process (no HTTP): each page is `Hub.dashboardHTML`, the work the hub's GET /dashboard
        does. Prints the start (the one full fold), the first view (it waits for the first
        figures), p50/p99 of views while the figures are current, then --changes times: a
        dashboard action appends an event and asks for a recompute (as a sync does) while views
        are timed back to back until one is current again (p50/p99 during the recompute, and the
        time from the change to current figures); the same with an action that waits for its
        figures (what a browser's form post waits); then a csv.gz analyst export made and kept.

          swift run -c release selaras-bench hub-dashboard --checks 1000000
        """)
    @Option(help: "Growth checks in the hub's store (children are a tenth of them).") var checks = 1_000_000
    @Option(help: "Dashboard views timed while the figures are current.") var renders = 200
    @Option(help: "Changes (dashboard actions) to time views through.") var changes = 3

    func run() async throws {
        guard checks > 0, renders > 1, changes > 0 else { throw ValidationError("--checks and --changes must be at least 1, --renders at least 2") }
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
        t = Measure.now()
        _ = try await hub.dashboardHTML(formToken: nil)
        print("first view (waits for the first figures):  \(Measure.fmt((Measure.now() - t) * 1000)) ms")
        /// One view: its time (s) and whether its figures were current.
        func view() async throws -> (Double, Bool) {
            let s = Measure.now()
            let page = try await hub.dashboardHTML(formToken: nil)
            return (Measure.now() - s, page.contains("data-refreshing=\"false\""))
        }
        func line(_ name: String, _ times: [Double]) -> String {
            let sorted = times.sorted()
            func p(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] * 1000 }
            return "\(name.padding(toLength: 44, withPad: " ", startingAt: 0)) p50 \(Measure.fmt(p(0.5), 2)) ms  p99 \(Measure.fmt(p(0.99), 2)) ms  max \(Measure.fmt(p(1), 2)) ms  (\(times.count) views)"
        }
        var current: [Double] = []
        for _ in 0..<renders { current.append(try await view().0) }
        print(line("views, figures current:", current))
        var during: [Double] = [], recompute: [Double] = [], staleSeen = 0
        for round in 0..<changes {
            t = Measure.now()
            _ = try await hub.resolve(entity: child.description, field: "name", value: "Siti Aminah \(round)")
            await hub.dashboardStateChanged()
            while true {
                let (time, fresh) = try await view()
                if fresh { break }
                during.append(time)
                staleSeen += 1
            }
            recompute.append(Measure.now() - t)
        }
        if !during.isEmpty { print(line("views during a recompute (stale, said so):", during)) }
        print("change → current figures (recompute), \(changes) changes: \(recompute.map { Measure.fmt($0 * 1000) }.joined(separator: ", ")) ms")
        var after: [Double] = []
        for _ in 0..<renders { after.append(try await view().0) }
        print(line("views after the changes:", after))
        var actions: [Double] = []
        for round in 0..<changes {
            t = Measure.now()
            _ = try await hub.resolve(entity: child.description, field: "name", value: "Siti Aminah Putri \(round)")
            try await hub.dashboardFiguresCurrent()
            actions.append(Measure.now() - t)
        }
        print("action answered with its figures (form post), \(changes) actions: \(actions.map { Measure.fmt($0 * 1000) }.joined(separator: ", ")) ms")
        print("figures computed: \(await hub.dashboardSnapshotsMade)")

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
