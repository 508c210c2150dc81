import Foundation
import Logging
import PostgresNIO
import SelarasHubPostgres
import SelarasTestSupport
import Testing

/// `selaras hub migrate`: versioned, each migration once, all or nothing (real PostgreSQL).
@Suite(needsPostgres) struct MigrationTests {
    @Test("a new database gets every migration once; run again, nothing is applied")
    func appliesOnce() async throws {
        try await withFreshDatabase { _, client in
            #expect(try await HubMigrator.currentVersion(client, logger: testLogger) == 0)
            let first = try await HubMigrator.migrate(client, logger: testLogger)
            #expect(first == HubSchema.migrations.map(\.version))
            #expect(try await HubMigrator.currentVersion(client, logger: testLogger) == HubSchema.latest)
            #expect(try await HubMigrator.migrate(client, logger: testLogger).isEmpty)
            let rows = try await client.query("SELECT count(*) FROM selaras_schema", logger: testLogger)
            for try await n in rows.decode(Int.self) { #expect(n == HubSchema.migrations.count) }
        }
    }

    @Test("two processes migrating at once apply each migration once (advisory lock)")
    func concurrent() async throws {
        try await withFreshDatabase { _, client in
            async let a = HubMigrator.migrate(client, logger: testLogger)
            async let b = HubMigrator.migrate(client, logger: testLogger)
            let (x, y) = try await (a, b)
            #expect((x + y).sorted() == HubSchema.migrations.map(\.version))
        }
    }

    @Test("the audit log refuses changes: an UPDATE or DELETE of an entry fails in the database")
    func auditAppendOnly() async throws {
        try await withFreshDatabase { _, client in
            try await HubMigrator.migrate(client, logger: testLogger)
            let sha = Data(repeating: 1, count: 32)
            try await client.query("INSERT INTO audit (at, device, role, format, tier, bytes, sha256) VALUES (1, 42, 'analyst', 'zip', 'analyst', 10, \(sha))", logger: testLogger)
            for statement in ["UPDATE audit SET bytes = 0", "DELETE FROM audit", "TRUNCATE audit"] {
                await #expect(throws: PSQLError.self, "\(statement) was not refused") {
                    try await client.query(PostgresQuery(unsafeSQL: statement), logger: testLogger)
                }
            }
            let rows = try await client.query("SELECT count(*), sum(bytes)::bigint FROM audit", logger: testLogger)
            for try await (n, bytes) in rows.decode((Int, Int).self) { #expect(n == 1 && bytes == 10) }
        }
    }

    @Test("a database whose schema is newer than this program is refused in one sentence and left unchanged")
    func newerRefused() async throws {
        try await withFreshDatabase { _, client in
            try await HubMigrator.migrate(client, logger: testLogger)
            let future = Int32(HubSchema.latest + 1)
            try await client.query("INSERT INTO selaras_schema (version, name) VALUES (\(future), 'from a newer selaras')", logger: testLogger)
            do {
                try await HubMigrator.migrate(client, logger: testLogger)
                Issue.record("a newer schema was accepted")
            } catch let e as DatabaseError {
                #expect(e.code == .schema)
                #expect(e.message.contains("version \(future)") && e.message.contains("nothing was changed"), "\(e.message)")
            }
            #expect(try await HubMigrator.currentVersion(client, logger: testLogger) == Int(future))
        }
    }

    @Test("a wrong address fails within the timeout in one sentence naming it without the password")
    func unreachable() async throws {
        let cluster = try #require(try PostgresCluster.shared())
        let wrong = try DatabaseAddress(parsing: "postgresql://selaras:rahasia@/postgres?host=\(cluster.socketDirectory)&port=1")
        do {
            try await HubDatabase.withClient(wrong, logger: testLogger, timeout: .seconds(2)) { _ in }
            Issue.record("an address with no server was reached")
        } catch let e as DatabaseError {
            #expect(e.code == .server)
            #expect(e.message.contains("postgresql://selaras:***@"), "\(e.message)")
            #expect(!e.message.contains("rahasia"))
        }
    }
}
