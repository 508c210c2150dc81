import Foundation
import PostgresNIO
import SelarasHub
import SelarasHubPostgres
import SelarasHubProtocol
import SelarasModel
import SelarasTestSupport
import Testing

/// Devices, codes and the audit log in PostgreSQL: the same contract as the file store's
/// registry, and rows out of range refused when read back.
@Suite(needsPostgres) struct PostgresHubRegistryTests {
    /// A device with a real key (its id derived from it).
    func device(_ seed: UInt8, role: HubRole = .analyst, kelurahan: UInt16? = nil) -> Device {
        let key = [UInt8](repeating: seed, count: 32)
        return Device(id: ReplicaID.derived(fromPublicKey: key), publicKey: key, role: role, kelurahan: kelurahan,
                      label: "perangkat \(seed)", enrolledAt: 1_700_000_000_000, tokenHash: [UInt8](repeating: seed &+ 1, count: 32))
    }

    @Test("a registry change is written whole and bumps the version; a refused change writes nothing")
    func updateAndRefuse() async throws {
        try await withFreshDatabase { _, client in
            try await HubMigrator.migrate(client, logger: testLogger)
            let registry = PostgresHubRegistry(client: client, logger: testLogger)
            let v0 = try await registry.version()
            var cadre = device(3, role: .cadre, kelurahan: 10)
            cadre.recentBundles = [[UInt8](repeating: 9, count: 32), [UInt8](repeating: 8, count: 32)]
            cadre.lastSync = 5
            let pending = PendingEnrolment(codeHash: [UInt8](repeating: 4, count: 32), role: .office, kelurahan: nil, expiresAt: 99)
            try await registry.update { reg in
                reg.devices[cadre.id] = cadre
                reg.pending.append(pending)
            }
            let v1 = try await registry.version()
            #expect(v1 != v0)
            let read = try await registry.read()
            #expect(read.devices[cadre.id] == cadre)
            #expect(read.pending == [pending])
            await #expect(throws: HubError.self) {
                try await registry.update { reg in
                    reg.devices = [:]
                    throw HubError(status: 400, code: "bad-request", "no")
                }
            }
            #expect(try await registry.version() == v1)
            #expect(try await registry.read().devices.count == 1)
            // Revocation: only the changed row is rewritten, and read back as written.
            try await registry.update { reg in reg.devices[cadre.id]?.revokedAt = 77 }
            #expect(try await registry.read().devices[cadre.id]?.isRevoked == true)
        }
    }

    @Test("concurrent registry changes from several clients all land (serialized by the version row lock)")
    func concurrentUpdates() async throws {
        try await withFreshDatabase { _, client in
            try await HubMigrator.migrate(client, logger: testLogger)
            let registry = PostgresHubRegistry(client: client, logger: testLogger)
            let devices = (1...12).map { device(UInt8($0)) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for d in devices { group.addTask { try await registry.update { $0.devices[d.id] = d } } }
                try await group.waitForAll()
            }
            #expect(try await registry.read().devices.count == 12)
        }
    }

    @Test("a login code works once and not after its lifetime; only its hash is stored")
    func loginCodes() async throws {
        try await withFreshDatabase { _, client in
            try await HubMigrator.migrate(client, logger: testLogger)
            let registry = PostgresHubRegistry(client: client, logger: testLogger)
            let now = WallClock.nowMilliseconds()
            let code = try await registry.createLoginCode(label: "Bu Rina", now: now)
            #expect(try await registry.claimLoginCode(code, now: now) == "Bu Rina")
            #expect(try await registry.claimLoginCode(code, now: now) == nil)
            let late = try await registry.createLoginCode(label: "x", now: now)
            #expect(try await registry.claimLoginCode(late, now: now + LoginCodes.lifetimeMilliseconds + 1) == nil)
            let rows = try await client.query("SELECT count(*) FROM login_codes WHERE position(\(Data(code.utf8)) in convert_to(label, 'UTF8')) > 0 OR code_hash = \(Data(code.utf8))", logger: testLogger)
            for try await n in rows.decode(Int.self) { #expect(n == 0, "the code itself was stored") }
            await #expect(throws: HubError.self) { try await registry.createLoginCode(label: "dua\nbaris", now: now) }
        }
    }

    @Test("the audit log keeps each download, a device's and a session's, oldest first")
    func audit() async throws {
        try await withFreshDatabase { _, client in
            try await HubMigrator.migrate(client, logger: testLogger)
            let registry = PostgresHubRegistry(client: client, logger: testLogger)
            let d = device(5)
            let s = DashboardSession(id: "abcd", label: "Pak Budi", formToken: "t", expiresAt: 10)
            try await registry.appendAudit(at: 1, by: .device(d), format: "zip", tier: "analyst", bytes: 10, sha256: [UInt8](repeating: 2, count: 32))
            try await registry.appendAudit(at: 2, by: .session(s), format: "xlsx", tier: "office", bytes: 20, sha256: [UInt8](repeating: 3, count: 32))
            let entries = try await registry.auditEntries()
            #expect(entries.map(\.format) == ["zip", "xlsx"])
            #expect(entries[0].device == d.id.description && entries[0].role == .analyst)
            #expect(entries[1].session == "abcd" && entries[1].sessionLabel == "Pak Budi" && entries[1].role == .office)
            #expect(entries[1].sha256 == String(repeating: "03", count: 32))
        }
    }

    @Test("rows out of range are refused when read, naming table, row and column", arguments: [
        ("UPDATE devices SET recent_bundles = decode(repeat('00', 32 * 17), 'hex')", "recent_bundles"),
        ("UPDATE devices SET kelurahan = 999", "kelurahan"),
        ("UPDATE devices SET public_key = decode(repeat('07', 32), 'hex')", "public_key"),
        ("UPDATE devices SET label = repeat('x', 5000)", "label"),
    ])
    func badRows(statement: String, column: String) async throws {
        try await withFreshDatabase { _, client in
            try await HubMigrator.migrate(client, logger: testLogger)
            let registry = PostgresHubRegistry(client: client, logger: testLogger)
            let d = device(6, role: .cadre, kelurahan: 10)
            try await registry.update { $0.devices[d.id] = d }
            try await client.query(PostgresQuery(unsafeSQL: statement), logger: testLogger)
            do {
                _ = try await registry.read()
                Issue.record("a bad \(column) was used")
            } catch let e as DatabaseError {
                #expect(e.code == .badRow)
                #expect(e.message.contains("devices row") && e.message.contains(column), "\(e.message)")
            }
        }
    }
}
