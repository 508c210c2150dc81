import Foundation
import Logging
@testable import SelarasHub
import SelarasDashboard
import SelarasLog
import SelarasModel
import SelarasTestSupport
import Testing

/// The dashboard's recompute task: passes keep a minimum gap, and closing the hub stops it.
@Suite struct DashboardRecomputeTests {
    /// A hub (no server) over a new store, with a recompute gap.
    static func hub(_ tmp: TemporaryDirectory, gap: Duration) async throws -> Hub {
        let dir = tmp.child("hub")
        try Store.create(at: dir, kelurahan: Kelurahan(code: 1)!, label: "hub").close()
        var config = HubConfiguration()
        config.dashboardMinimumGap = gap
        var logger = Logger(label: "selaras.hub.test")
        logger.logLevel = .warning
        return try await Hub(storeDirectory: dir, configuration: config, logger: logger)
    }

    /// Polls `condition` every 10 ms for up to 20 s.
    static func eventually(_ what: Comment, _ condition: () async -> Bool) async throws {
        for _ in 0..<2000 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("never happened: \(what)")
    }

    @Test("changes arriving during and after a pass start the next one no sooner than the gap after the last")
    func minimumGap() async throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-recompute")
        defer { tmp.cleanup() }
        let gap = Duration.milliseconds(300)
        let hub = try await Self.hub(tmp, gap: gap)
        let figures = hub.dashboardFigures
        await figures.watch(.lastComplete())
        // A change every 40 ms for 0.8 s: back to back, each would start a pass of its own.
        let began = ContinuousClock.now
        for _ in 0..<20 {
            await figures.refresh(hub: hub)
            try await Task.sleep(for: .milliseconds(40))
        }
        let changing = ContinuousClock.now - began
        try await Self.eventually("the recompute task finished") { await !figures.isWorking }
        let starts = await figures.passStarts
        // At most one pass per gap while the changes came (a loaded machine stretches them), and the one after.
        let most = Int(changing / gap) + 2
        #expect(starts.count >= 2 && starts.count <= most, "\(starts.count) passes for 20 changes over \(changing) with a 0.3 s gap")
        for (a, b) in zip(starts, starts.dropFirst()) { #expect(b - a >= gap, "two passes \(b - a) apart") }
        await hub.close()
    }

    @Test("closing the hub stops the recompute task: a pass waiting to start never runs, no new one starts, a waiting view is told")
    func closeStops() async throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-recompute-close")
        defer { tmp.cleanup() }
        let hub = try await Self.hub(tmp, gap: .zero)
        let figures = hub.dashboardFigures
        let month = DashboardMonth.lastComplete()
        await figures.watch(month)
        await figures.hold()
        await figures.refresh(hub: hub)
        try await Self.eventually("the pass waits at its gate") { await figures.isHeld }
        let waiting = Task { try await figures.figures(for: month, atLeast: 0, hub: hub) }
        await hub.close()
        let stopped = await figures.isStopped, working = await figures.isWorking
        #expect(stopped && !working)
        #expect(await figures.passes == 0, "the held pass ran after the hub closed")
        await #expect(throws: HubError.self) { try await waiting.value }
        await figures.refresh(hub: hub)
        let workingAfter = await figures.isWorking
        #expect(!workingAfter, "a change after close started a pass")
        await #expect(throws: HubError.self) { try await figures.figures(for: month, atLeast: 0, hub: hub) }
    }
}
