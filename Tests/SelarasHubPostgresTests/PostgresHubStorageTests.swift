import Foundation
import Logging
import PostgresNIO
import SelarasHubPostgres
import SelarasLog
import SelarasModel
import SelarasSync
import SelarasTestSupport
import Testing

/// The events in PostgreSQL: one transaction per bundle, per-origin order and chain under an
/// advisory lock, idempotent by (origin, kelurahan, seq), waiting runs, and rows read back checked.
@Suite(needsPostgres) struct PostgresHubStorageTests {
    let manggar = Kelurahan(name: "Manggar")!

    /// A new database, migrated, a storage on it with its identity in `TMP/hub`, and a laptop store.
    func withStorage(_ body: (PostgresHubStorage, PostgresClient, TemporaryDirectory, Store) async throws -> Void) async throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-pgstore")
        defer { tmp.cleanup() }
        try Store.create(at: tmp.child("hub"), kelurahan: manggar, label: "hub").close()
        let lap = try Store.create(at: tmp.child("lap"), kelurahan: manggar, label: "lap")
        defer { lap.close() }
        try await withFreshDatabase { _, client in
            try await HubMigrator.migrate(client, logger: testLogger)
            let storage = try await PostgresHubStorage(client: client, directory: tmp.child("hub"), logger: testLogger)
            do { try await body(storage, client, tmp, lap) } catch {
                await storage.close()
                throw error
            }
            await storage.close()
        }
    }

    /// A verified bundle of a laptop's events after `after` (one stream: the laptop's own in Manggar).
    func verified(_ lap: Store, _ tmp: TemporaryDirectory, after: UInt64 = 0, name: String, storage: PostgresHubStorage) async throws -> VerifiedBundle {
        var assumed = VersionVector()
        assumed[StreamID(origin: lap.replica, kelurahanCode: manggar.code)] = after
        let path = tmp.child(name + ".slb")
        _ = try BundleWriter(store: lap, state: try SyncState.load(lap)).write(to: path, assumed: assumed)
        return try VerifiedBundle.read(path, name: name, knownKeys: try await storage.knownKeys())
    }

    func count(_ client: PostgresClient, _ table: String) async throws -> Int {
        let rows = try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), logger: testLogger)
        for try await n in rows.decode(Int.self) { return n }
        return -1
    }

    @Test("a database whose schema is behind is refused with the command that brings it up")
    func needsMigration() async throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-pgstore")
        defer { tmp.cleanup() }
        try Store.create(at: tmp.child("hub"), kelurahan: manggar, label: "hub").close()
        try await withFreshDatabase { _, client in
            do {
                _ = try await PostgresHubStorage(client: client, directory: tmp.child("hub"), logger: testLogger)
                Issue.record("an unmigrated database was used")
            } catch let e as DatabaseError {
                #expect(e.code == .schema && e.message.contains("selaras hub migrate"), "\(e.message)")
            }
        }
    }

    @Test("the same bundle applied by two hub processes at once lands once: each event one row, appended counted once")
    func concurrentApplies() async throws {
        try await withStorage { storage, client, tmp, lap in
            try lap.record(SampleRecords.mixedDrafts(120, start: 0, kelurahanCode: manggar.code), durability: .batch)
            let bundles = [try await verified(lap, tmp, name: "a", storage: storage), try await verified(lap, tmp, name: "b", storage: storage)]
            // Two processes: each with its own copy of the hub's directory (the same identity).
            let directories = [tmp.child("p1"), tmp.child("p2")]
            for d in directories { try FileManager.default.copyItem(atPath: tmp.child("hub"), toPath: d) }
            let summaries = try await withThrowingTaskGroup(of: BundleImporter.Summary.self) { group in
                for (bundle, directory) in zip(bundles, directories) {
                    group.addTask {
                        let process = try await PostgresHubStorage(client: client, directory: directory, logger: testLogger)
                        do {
                            let s = try await process.apply(bundle, name: "bundle")
                            await process.close()
                            return s
                        } catch {
                            await process.close()
                            throw error
                        }
                    }
                }
                var out: [BundleImporter.Summary] = []
                for try await s in group { out.append(s) }
                return out
            }
            #expect(summaries.map(\.appended).reduce(0, +) == 120)
            #expect(summaries.map(\.alreadyHeld).reduce(0, +) == 120)
            #expect(try await count(client, "events") == 120)
            #expect(try await storage.versionVector().totalEvents == 120)
        }
    }

    @Test("events beyond a gap wait, are listed, and move over when the gap fills")
    func waitingRun() async throws {
        try await withStorage { storage, client, tmp, lap in
            try lap.record(SampleRecords.mixedDrafts(20, start: 0, kelurahanCode: manggar.code), durability: .batch)
            let late = try await verified(lap, tmp, after: 10, name: "late", storage: storage)
            let first = try await storage.apply(late, name: "late")
            #expect(first.appended == 0 && first.newlyPending == 10 && first.pending == 10)
            let stream = StreamID(origin: lap.replica, kelurahanCode: manggar.code)
            #expect(try await storage.waitingSegments().map { [$0.firstSeq, $0.lastSeq, $0.missingFrom] } == [[11, 20, 1]])
            #expect(try await storage.versionVector()[stream] == 0)
            // The same late run again is already waiting: nothing new.
            let again = try await storage.apply(try await verified(lap, tmp, after: 10, name: "late2", storage: storage), name: "late2")
            #expect(again.newlyPending == 0 && again.alreadyHeld == 10)
            let all = try await storage.apply(try await verified(lap, tmp, name: "all", storage: storage), name: "all")
            #expect(all.appended == 20 && all.pending == 0)
            #expect(try await storage.versionVector()[stream] == 20)
            #expect(try await storage.waitingSegments().isEmpty)
            #expect(try await count(client, "waiting_events") == 0)
            var seqs: [UInt64] = []
            try await storage.forEachEvent(after: VersionVector(), scope: nil) { _, seq, _ in seqs.append(seq) }
            #expect(seqs == Array(1...20))
        }
    }

    @Test("a fork (other events under the same seqs) is refused and changes nothing")
    func fork() async throws {
        try await withStorage { storage, client, tmp, lap in
            try lap.record(SampleRecords.mixedDrafts(10, start: 0, kelurahanCode: manggar.code), durability: .batch)
            _ = try await storage.apply(try await verified(lap, tmp, name: "a", storage: storage), name: "a")
            // The same replica restored from an old copy: its key, other events at seqs 1…12.
            let copy = tmp.child("restored")
            try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: false)
            for name in ["replica", "signing.key"] { try FileManager.default.copyItem(atPath: lap.directory + "/" + name, toPath: copy + "/" + name) }
            try FileManager.default.createDirectory(atPath: copy + "/streams", withIntermediateDirectories: false)
            let restored = try Store.open(at: copy)
            defer { restored.close() }
            try restored.record(SampleRecords.mixedDrafts(12, start: 500, kelurahanCode: manggar.code), durability: .batch)
            let forked = try await verified(restored, tmp, name: "forked", storage: storage)
            let before = try await count(client, "events")
            do {
                _ = try await storage.apply(forked, name: "forked")
                Issue.record("a fork was applied")
            } catch let e as SyncError {
                #expect(e.code == .fork && e.message.contains("nothing was imported"), "\(e.message)")
            }
            #expect(try await count(client, "events") == before)
            #expect(try await storage.versionVector().totalEvents == 10)
        }
    }

    @Test("an answer written from the database verifies as a laptop reads it and holds the events the hub holds")
    func answerVerifies() async throws {
        try await withStorage { storage, _, tmp, lap in
            try lap.record(SampleRecords.mixedDrafts(30, start: 0, kelurahanCode: manggar.code), durability: .batch)
            _ = try await storage.apply(try await verified(lap, tmp, name: "a", storage: storage), name: "a")
            _ = try await storage.record(SampleRecords.childDraft(1, kelurahanCode: manggar.code))
            let path = tmp.child("answer.slb")
            var assumed = VersionVector()
            assumed[StreamID(origin: lap.replica, kelurahanCode: manggar.code)] = 25
            #expect(try await storage.writeAnswer(to: path, assumed: assumed, scope: [manggar.code]) == 6)
            let answer = try VerifiedBundle.read(path, name: "answer", knownKeys: [:])
            #expect(answer.header.creator == storage.replica)
            #expect(answer.sections.map { [$0.info.firstSeq, $0.info.head.seq] }.sorted { $0[1] < $1[1] } == [[1, 1], [26, 30]])
            // A laptop imports it: its own stream is already held, the hub's event is new.
            let other = try Store.create(at: tmp.child("other"), kelurahan: manggar, label: "other")
            defer { other.close() }
            let full = tmp.child("full.slb")
            #expect(try await storage.writeAnswer(to: full, assumed: VersionVector(), scope: nil) == 31)
            let imported = try BundleImporter(store: other).importFile(full)
            #expect(imported.appended == 31)
            #expect(other.versionVector == (try await storage.versionVector()))
        }
    }

    @Test("rows changed behind the hub's back are refused when read, naming table, row and column", arguments: [
        ("UPDATE events SET body = decode('00', 'hex') WHERE seq = 3", "body"),
        ("UPDATE events SET hash = decode(repeat('00', 32), 'hex') WHERE seq = 3", "body"),
        ("DELETE FROM events WHERE seq = 4", "seq"),
        ("UPDATE events SET body = (SELECT body FROM events WHERE seq = 2) WHERE seq = 5", "body"),
    ])
    func badRows(statement: String, column: String) async throws {
        try await withStorage { storage, client, tmp, lap in
            try lap.record(SampleRecords.mixedDrafts(8, start: 0, kelurahanCode: manggar.code), durability: .batch)
            _ = try await storage.apply(try await verified(lap, tmp, name: "a", storage: storage), name: "a")
            try await client.query(PostgresQuery(unsafeSQL: statement), logger: testLogger)
            do {
                try await storage.forEachEvent(after: VersionVector(), scope: nil) { _, _, _ in }
                Issue.record("a changed row was used: \(statement)")
            } catch let e as DatabaseError {
                #expect(e.code == .badRow, "\(e.message)")
                #expect(e.message.contains("events row") && e.message.contains(column), "\(e.message)")
            }
            await #expect(throws: DatabaseError.self) { try await storage.writeAnswer(to: tmp.child("x.slb"), assumed: VersionVector(), scope: nil) }
            #expect(!FileManager.default.fileExists(atPath: tmp.child("x.slb")))
        }
    }
}
