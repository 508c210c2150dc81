import Foundation
import SelarasHub
import SelarasHubClient
import SelarasHubProtocol
import SelarasLog
import SelarasMerge
import SelarasModel
import Testing

/// The hub keeps its consolidated state (folded once, then event by event), its exports per
/// state version and its devices' sync bookkeeping in memory between registry writes.
@Suite struct KeptStateTests {
    @Test("the kept state equals a full fold of the same events after syncs and a dashboard action", arguments: StorageKind.testable)
    func keptStateMatchesFold(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (a, linkA) = try await fx.enrolled("a", role: .cadre, kelurahan: manggar)
            let (b, linkB) = try await fx.enrolled("b", role: .cadre, kelurahan: lamaru)
            let (office, linkO) = try await fx.enrolled("office", role: .office)
            #expect(try await fx.hub.stateSummary().version == 0)
            try record(a, 40)
            try record(b, 25)
            _ = try await LaptopSync.sync(store: a, link: linkA)
            _ = try await LaptopSync.sync(store: b, link: linkB)
            #expect(try await fx.hub.stateSummary().version == 65)
            // A dashboard action appends the hub's own event and folds it in.
            let child = try #require(ConsolidatedState(store: a).recordIDs(of: .child).first)
            _ = try await fx.hub.resolve(entity: child.description, field: "name", value: "Siti Aminah Putri")
            #expect(try await fx.hub.stateSummary().version == 66)
            // The office laptop pulls everything: its fold of the same events has the same digest.
            _ = try await LaptopSync.sync(store: office, link: linkO)
            #expect(office.versionVector.totalEvents == 66)
            let summary = try await fx.hub.stateSummary()
            #expect(summary.digest == (try ConsolidatedState(store: office).digest))
            #expect(try ConsolidatedState(store: office)[child]?.isCreated == true)
            // The dashboard's snapshot is computed once per change and kept while nothing changes.
            let made = await fx.hub.dashboardSnapshotsMade
            let page = try await fx.client.raw("GET", HubAPI.dashboardPath, token: linkO.token)
            let again = try await fx.client.raw("GET", HubAPI.dashboardPath, token: linkO.token)
            #expect(page.status == 200 && again.status == 200)
            #expect(await fx.hub.dashboardSnapshotsMade == made + 1)
            #expect(again.body == page.body)
            try record(a, 3, start: 40)
            _ = try await LaptopSync.sync(store: a, link: linkA)
            // The sync that brought events starts one recompute, off the request path.
            let after = try await fx.client.raw("GET", HubAPI.dashboardPath, token: linkO.token)
            try await DashboardRefreshTests.eventually("the figures were computed again") { await fx.hub.dashboardSnapshotsMade == made + 2 }
            #expect(await fx.hub.dashboardSnapshotsMade == made + 2)
            #expect(after.body != page.body)
        }
    }

    @Test("an export is made once per state version and served from the kept file until a sync changes the state", arguments: StorageKind.testable)
    func exportKeptPerVersion(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (lap, linkL) = try await fx.enrolled("lap", role: .cadre)
            try record(lap, 30)
            _ = try await LaptopSync.sync(store: lap, link: linkL)
            let (_, link) = try await fx.enrolled("analyst", role: .analyst)
            let made0 = await fx.hub.exportsMade
            let first = try await fx.client.download(format: "csv.gz", tier: "analyst", token: link.token, to: fx.tmp.child("1.tar"))
            let second = try await fx.client.download(format: "csv.gz", tier: "analyst", token: link.token, to: fx.tmp.child("2.tar"))
            #expect(await fx.hub.exportsMade == made0 + 1, "the second download was served from the kept export")
            #expect(first.sha256 == second.sha256)
            #expect(try FileDigest.sha256Hex(of: fx.tmp.child("2.tar")) == second.sha256)
            // Another format or tier is another export.
            _ = try await fx.client.download(format: "zip", tier: "analyst", token: link.token, to: fx.tmp.child("1.zip"))
            #expect(await fx.hub.exportsMade == made0 + 2)
            // New events: the next download is made again and differs; the superseded files are removed.
            try record(lap, 5, start: 30)
            _ = try await LaptopSync.sync(store: lap, link: linkL)
            let third = try await fx.client.download(format: "csv.gz", tier: "analyst", token: link.token, to: fx.tmp.child("3.tar"))
            #expect(await fx.hub.exportsMade == made0 + 3)
            #expect(third.sha256 != first.sha256)
            let kept = try FileManager.default.contentsOfDirectory(atPath: fx.hubDirectory + "/hub/exports")
            #expect(kept.count == 1, "only the current version's export is kept: \(kept)")
            // Every download is audited, kept or made.
            let audited = try await fx.hub.auditEntries()
            #expect(audited.count == 4)
            #expect(audited[0].sha256 == first.sha256 && audited[1].sha256 == second.sha256 && audited[3].sha256 == third.sha256)
        }
    }

    @Test("a sync's bookkeeping is served at once and reaches the registry file in one write when due (or forced, as at close)")
    func syncNotesReachRegistry() async throws {
        try await withHub(registryWriteInterval: .seconds(3600)) { fx in
            let (lap, link) = try await fx.enrolled("lap", role: .cadre)
            try record(lap, 3)
            _ = try await LaptopSync.sync(store: lap, link: link)
            let served = try #require(try await fx.hub.devices().first { $0.id == lap.replica })
            #expect(served.lastSync != 0 && served.recentBundles.count == 1)
            let identity = fx.hub.registryFile.identity()
            let onDisk = try #require(try fx.hub.registryFile.read().devices[lap.replica])
            #expect(onDisk.lastSync == 0, "not written on every sync")
            await fx.hub.flushSyncNotes(force: true)
            #expect(fx.hub.registryFile.identity() != identity)
            let written = try #require(try fx.hub.registryFile.read().devices[lap.replica])
            #expect(written.lastSync == served.lastSync && written.recentBundles == served.recentBundles)
            // A revocation by `selaras hub revoke` (the file) still wins over the kept notes.
            try record(lap, 2, start: 3)
            _ = try await LaptopSync.sync(store: lap, link: link)
            _ = try fx.hub.registryFile.revoke(lap.replica)
            await #expect(throws: HubClientError.self) { _ = try await LaptopSync.sync(store: lap, link: link) }
            let after = try #require(try await fx.hub.devices().first { $0.id == lap.replica })
            #expect(after.isRevoked && after.recentBundles.count == 2)
        }
    }

    @Test("with a zero interval every sync writes its bookkeeping to the registry file")
    func syncNotesEveryTime() async throws {
        try await withHub(registryWriteInterval: .zero) { fx in
            let (lap, link) = try await fx.enrolled("lap", role: .cadre)
            for i in 0..<2 {
                try record(lap, 2, start: 2 * i)
                _ = try await LaptopSync.sync(store: lap, link: link)
                #expect(try fx.hub.registryFile.read().devices[lap.replica]?.recentBundles.count == i + 1)
            }
        }
    }
}
