import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import SelarasHub
import SelarasHubClient
import SelarasHubProtocol
import SelarasMerge
import SelarasModel
import SelarasSync
import SelarasTestSupport
import Testing

/// The dashboard's figures are computed off the request path: pages are served at once from
/// the last figures and say for which moment and version they hold; changes coalesce; a
/// dashboard action's answer page shows its effect. Over HTTP on loopback.
@Suite struct DashboardRefreshTests {
    /// The page's freshness line: the figures' version, the hub's version, whether it recomputes.
    static func freshness(_ page: String) throws -> (figures: UInt64, current: UInt64, refreshing: Bool) {
        let m = try #require(page.firstMatch(of: /data-figures-version="(\d+)" data-current-version="(\d+)" data-refreshing="(true|false)"/),
                             "the page names its figures' version")
        return (try #require(UInt64(m.1)), try #require(UInt64(m.2)), m.3 == "true")
    }

    /// A figure's `data-value`.
    static func metric(_ page: String, _ name: String) -> String? {
        page.firstMatch(of: try! Regex(#"data-metric="\#(name)" data-value="([^"]*)""#)).flatMap { $0.output[1].substring.map(String.init) }
    }

    /// Polls `condition` every 20 ms for up to 20 s.
    static func eventually(_ what: Comment, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<1000 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("never happened: \(what)")
    }

    static func page(_ fx: HubFixture, token: String) async throws -> String {
        let a = try await fx.client.raw("GET", HubAPI.dashboardPath, token: token)
        #expect(a.status == 200)
        return String(decoding: a.body, as: UTF8.self)
    }

    @Test("while the figures are recomputed a page is served at once from the last ones, saying so; three syncs meanwhile coalesce into one pass")
    func staleWhileRecomputingAndCoalescing() async throws {
        try await withHub { fx in
            let (lap, linkL) = try await fx.enrolled("lap", role: .cadre)
            let (_, linkO) = try await fx.enrolled("office", role: .office)
            try record(lap, 20)
            _ = try await LaptopSync.sync(store: lap, link: linkL)
            let first = try await Self.page(fx, token: linkO.token)
            let v1 = try await fx.hub.stateSummary().version
            let f1 = try Self.freshness(first)
            #expect(f1.figures == v1 && f1.current == v1 && !f1.refreshing)
            #expect(first.contains("terkini") && !first.contains("sedang diperbarui"))
            #expect(Self.metric(first, "events") == "\(v1)")

            let refresher = fx.hub.dashboardFigures
            await refresher.hold()
            let made = await fx.hub.dashboardSnapshotsMade
            for round in 0..<3 {
                try record(lap, 4, start: 100 + round * 10)
                _ = try await LaptopSync.sync(store: lap, link: linkL)
            }
            // The first sync that brought events started a recompute: it waits at the gate.
            try await Self.eventually("the worker reached its next pass") { await refresher.isHeld }
            let v2 = try await fx.hub.stateSummary().version
            #expect(v2 > v1)
            let stale = try await Self.page(fx, token: linkO.token)
            let f2 = try Self.freshness(stale)
            #expect(f2.figures == v1 && f2.current == v2 && f2.refreshing, "the old figures, named as such")
            #expect(stale.contains("sedang diperbarui; data hub kini versi \(v2)"))
            #expect(Self.metric(stale, "events") == "\(v1)", "the figures are the ones of version \(v1)")
            #expect(stale.contains(#"data-metric="figures_at""#) && stale.contains("WITA"))
            #expect(await fx.hub.dashboardSnapshotsMade == made, "no request computed figures")

            await refresher.release()
            try await Self.eventually("the page is current again") { try Self.freshness(try await Self.page(fx, token: linkO.token)).refreshing == false }
            let fresh = try await Self.page(fx, token: linkO.token)
            let f3 = try Self.freshness(fresh)
            #expect(f3.figures == v2 && f3.current == v2)
            #expect(Self.metric(fresh, "events") == "\(v2)")
            #expect(await fx.hub.dashboardSnapshotsMade == made + 1, "three syncs and a view during one pass: one more pass")
        }
    }

    @Test("prepared at start, the default month's figures are computed before anyone asks: the first view computes nothing")
    func preparedAtStart() async throws {
        try await withHub { fx in
            let (lap, linkL) = try await fx.enrolled("lap", role: .cadre)
            let (_, linkO) = try await fx.enrolled("office", role: .office)
            try record(lap, 12)
            _ = try await LaptopSync.sync(store: lap, link: linkL)
            #expect(await fx.hub.dashboardSnapshotsMade == 0, "nothing is computed while no month is kept current")
            await fx.hub.prepareDashboard()
            try await Self.eventually("the figures were computed") { await fx.hub.dashboardSnapshotsMade == 1 }
            let page = try await Self.page(fx, token: linkO.token)
            let f = try Self.freshness(page)
            let version = try await fx.hub.stateSummary().version
            #expect(!f.refreshing && f.figures == version)
            #expect(await fx.hub.dashboardSnapshotsMade == 1, "the first view was served from the prepared figures")
        }
    }

    @Test("a dashboard action answers once the figures include its event: the page it lands on shows the pair decided", arguments: StorageKind.testable)
    func actionEffectVisible(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (office, link) = try await fx.enrolled("office", role: .office)
            var f = SampleRecords.child(name: "Siti Aminah", born: LocalDate(year: 2023, month: 4, day: 9)!)
            f[8] = .text("Rahma")
            let twins = try office.record([.create(.child, f, kelurahanCode: manggar.code, author: "Bu Rina"),
                                           .create(.child, f, kelurahanCode: manggar.code, author: "Bu Rina")])
            let children = twins.map { EntityID(kind: .child, origin: $0.dot) }.sorted()
            _ = try await LaptopSync.sync(store: office, link: link)
            let code = try await fx.hub.createLoginCode(label: "")
            let (_, headers, _) = try await exchange(fx.url + "/login?code=" + code)
            let cookie = String(try #require(headers["set-cookie"]).split(separator: ";")[0])
            let (_, _, before) = try await exchange(fx.url + "/dashboard", cookie: cookie)
            #expect(Self.metric(before, "open_duplicates") == "1")
            let csrf = try #require(before.range(of: #"name="csrf" value=""#).map { String(before[$0.upperBound...].prefix(64)) })

            let refresher = fx.hub.dashboardFigures
            await refresher.hold()
            let answered = Flag()
            async let posted = { () async throws -> (Int, [String: String], String) in
                let r = try await exchange(fx.url + HubAPI.decidePath, method: "POST", cookie: cookie,
                                           form: "a=\(children[0])&b=\(children[1])&decision=not-same&csrf=\(csrf)")
                await answered.set()
                return r
            }()
            try await Self.eventually("the action's recompute waits at the gate") { await refresher.isHeld }
            // Meanwhile another viewer is served at once, told the figures are being updated.
            let (_, _, during) = try await exchange(fx.url + "/dashboard", cookie: cookie)
            #expect(try Self.freshness(during).refreshing)
            #expect(Self.metric(during, "open_duplicates") == "1")
            try await Task.sleep(for: .milliseconds(300))
            #expect(await answered.isSet == false, "the action has not answered before its figures exist")
            await refresher.release()
            let (status, answerHeaders, _) = try await posted
            #expect(status == 303 && answerHeaders["location"] == "/dashboard")
            let (_, _, after) = try await exchange(fx.url + "/dashboard", cookie: cookie)
            let version = try await fx.hub.stateSummary().version
            let fa = try Self.freshness(after)
            #expect(!fa.refreshing && fa.figures == version)
            #expect(Self.metric(after, "open_duplicates") == "0", "the decided pair is gone from the page")
            #expect(!after.contains(children[0].description))
        }
    }
}

/// A flag set once, read from another task.
actor Flag {
    private(set) var isSet = false
    func set() { isSet = true }
}
