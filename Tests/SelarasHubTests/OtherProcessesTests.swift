import Foundation
import Logging
import PostgresNIO
import SelarasHub
import SelarasHubPostgres
import SelarasLog
import SelarasModel
import SelarasSync
import SelarasTestSupport
import Testing

/// A hub learns of the events other processes append to the shared database (LISTEN/NOTIFY).
@Suite(.enabled(if: PostgresCluster.findBinaries() != nil, Comment(rawValue: PostgresCluster.skipReason)))
struct OtherProcessesTests {
    @Test("events another process appends reach this hub's kept state and dashboard without a request to it")
    func notifiedOfOtherProcesses() async throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-processes")
        defer { tmp.cleanup() }
        try Store.create(at: tmp.child("hub"), kelurahan: manggar, label: "hub").close()
        try FileManager.default.copyItem(atPath: tmp.child("hub"), toPath: tmp.child("other"))
        let lap = try Store.create(at: tmp.child("lap"), kelurahan: manggar, label: "lap")
        defer { lap.close() }
        try record(lap, 20)
        let path = tmp.child("b.slb")
        try bundle(of: lap, at: path)
        let cluster = try #require(try await PostgresCluster.sharedStarted())
        let address = try DatabaseAddress(parsing: cluster.url(database: try await cluster.newDatabase()))
        try await HubDatabase.withClient(address, logger: StorageKind.quiet, timeout: .seconds(120)) { client in
            try await HubMigrator.migrate(client, logger: StorageKind.quiet)
            let storage = try await PostgresHubStorage(client: client, directory: tmp.child("hub"), logger: StorageKind.quiet)
            var config = HubConfiguration()
            config.port = 0
            let hub = try await Hub(storage: storage, directory: tmp.child("hub"), configuration: config, logger: StorageKind.quiet)
            await hub.prepareDashboard()
            let made = await hub.dashboardSnapshotsMade
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await hub.followOtherProcesses() }
                // Another process (its own storage on the same database) applies a laptop's bundle.
                try await DashboardRefreshTests.eventually("this hub listens") {
                    let rows = try await client.query("SELECT count(*) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%'", logger: StorageKind.quiet)
                    for try await n in rows.decode(Int.self) { return n > 0 }
                    return false
                }
                let other = try await PostgresHubStorage(client: client, directory: tmp.child("other"), logger: StorageKind.quiet)
                let verified = try VerifiedBundle.read(path, name: "b", knownKeys: try await other.knownKeys())
                #expect(try await other.apply(verified, name: "b").appended == 20)
                await other.close()
                try await DashboardRefreshTests.eventually("this hub recomputed its figures after the other process's events") {
                    await hub.dashboardSnapshotsMade > made
                }
                group.cancelAll()
            }
            #expect(try await hub.stateSummary().version == 20)
            await hub.close()
        }
    }
}
