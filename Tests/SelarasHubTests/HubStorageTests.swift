import Foundation
import SelarasHub
import SelarasHubProtocol
import SelarasLog
import SelarasModel
import SelarasSync
import SelarasTestSupport
import Testing

/// The contract of ``HubStorage``: what the hub relies on, checked on every storage.
@Suite struct HubStorageTests {
    /// A verified bundle of everything a laptop holds.
    func verified(_ store: Store, _ tmp: TemporaryDirectory, _ storage: any HubStorage, name: String) async throws -> VerifiedBundle {
        let path = tmp.child(name + ".slb")
        try bundle(of: store, at: path)
        return try VerifiedBundle.read(path, name: name, knownKeys: try await storage.knownKeys())
    }

    /// Runs `body` with a new storage of a kind in a temporary directory, then closes and removes it.
    func withStorage(_ kind: StorageKind, _ body: (any HubStorage, TemporaryDirectory) async throws -> Void) async throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-storage")
        defer { tmp.cleanup() }
        try await kind.withStorage(in: tmp) { dir, client in
            let storage = try await kind.open(dir, client)
            do { try await body(storage, tmp) } catch {
                await storage.close()
                throw error
            }
            await storage.close()
        }
    }

    @Test("applying a verified bundle appends its events once: applied again, nothing is appended", arguments: StorageKind.testable)
    func idempotentApply(kind: StorageKind) async throws {
        try await withStorage(kind) { storage, tmp in
            let lap = try Store.create(at: tmp.child("lap"), kelurahan: manggar, label: "lap")
            defer { lap.close() }
            try record(lap, 20)
            let first = try await storage.apply(try await verified(lap, tmp, storage, name: "b1"), name: "b1")
            #expect(first.appended == 20 && first.alreadyHeld == 0)
            #expect(try await storage.knownKeys()[lap.replica] == Array(lap.publicKey.rawRepresentation))
            let vector = try await storage.versionVector()
            let again = try await storage.apply(try await verified(lap, tmp, storage, name: "b2"), name: "b2")
            #expect(again.appended == 0 && again.alreadyHeld == 20)
            #expect(try await storage.versionVector() == vector)
            #expect(vector.totalEvents == 20)
        }
    }

    @Test("events after a version vector within a scope come stream by stream in seq order", arguments: StorageKind.testable)
    func streamAfterVector(kind: StorageKind) async throws {
        try await withStorage(kind) { storage, tmp in
            let a = try Store.create(at: tmp.child("a"), kelurahan: manggar, label: "a")
            let b = try Store.create(at: tmp.child("b"), kelurahan: lamaru, label: "b")
            defer { a.close(); b.close() }
            try record(a, 20)
            try record(b, 15)
            _ = try await storage.apply(try await verified(a, tmp, storage, name: "a"), name: "a")
            _ = try await storage.apply(try await verified(b, tmp, storage, name: "b"), name: "b")
            let streamA = StreamID(origin: a.replica, kelurahanCode: manggar.code)
            var after = VersionVector()
            after[streamA] = 5
            var seen: [(StreamID, UInt64)] = []
            try await storage.forEachEvent(after: after, scope: [manggar.code]) { s, seq, event in
                #expect(event.dot == Dot(stream: s, seq: seq))
                seen.append((s, seq))
            }
            #expect(seen.map(\.0) == Array(repeating: streamA, count: 15))
            #expect(seen.map(\.1) == Array(6...20))
            var all = 0
            try await storage.forEachEvent(after: VersionVector(), scope: nil) { _, _, _ in all += 1 }
            #expect(all == 35)
            // The answer for a scope holds only that scope's events after what the recipient has.
            let answer = tmp.child("answer.slb")
            #expect(try await storage.writeAnswer(to: answer, assumed: after, scope: [manggar.code]) == 15)
            let read = try VerifiedBundle.read(answer, name: "answer", knownKeys: [:])
            #expect(read.sections.map(\.info.stream) == [streamA])
        }
    }

    @Test("the hub's own events are recorded durably and folded with the rest", arguments: StorageKind.testable)
    func ownEvents(kind: StorageKind) async throws {
        try await withStorage(kind) { storage, tmp in
            let event = try await storage.record(SampleRecords.childDraft(1, kelurahanCode: manggar.code))
            #expect(event.dot.stream.origin == storage.replica)
            #expect(try await storage.versionVector().totalEvents == 1)
            #expect(try await storage.foldState().state.eventCount == 1)
            #expect(try await storage.waitingSegments().isEmpty)
        }
    }

    @Test("the registry changes atomically and announces it; a login code works once; the audit log keeps each download", arguments: StorageKind.testable)
    func devicesCodesAudit(kind: StorageKind) async throws {
        try await withStorage(kind) { storage, tmp in
            let version = try await storage.registryVersion()
            let id = try await storage.updateRegistry { reg -> ReplicaID in
                let key = [UInt8](repeating: 7, count: 32)
                let id = ReplicaID.derived(fromPublicKey: key)
                reg.devices[id] = Device(id: id, publicKey: key, role: .analyst, kelurahan: nil, label: "analis", enrolledAt: 1, tokenHash: [UInt8](repeating: 1, count: 32))
                return id
            }
            #expect(try await storage.registryVersion() != version)
            #expect(try await storage.readRegistry().devices[id]?.label == "analis")
            // A refused change writes nothing.
            let before = try await storage.registryVersion()
            await #expect(throws: HubError.self) { try await storage.updateRegistry { reg in reg.devices = [:]; throw HubError(status: 400, code: "bad-request", "no") } }
            #expect(try await storage.registryVersion() == before)
            #expect(try await storage.readRegistry().devices.count == 1)

            let now = WallClock.nowMilliseconds()
            let code = try await storage.createLoginCode(label: "Bu Rina", now: now)
            #expect(try await storage.claimLoginCode(code, now: now) == "Bu Rina")
            #expect(try await storage.claimLoginCode(code, now: now) == nil)
            let late = try await storage.createLoginCode(label: "x", now: now)
                #expect(try await storage.claimLoginCode(late, now: now + LoginCodes.lifetimeMilliseconds + 1) == nil)

            let device = try #require(try await storage.readRegistry().devices[id])
            try await storage.appendAudit(at: now, by: .device(device), format: "zip", tier: "analyst", bytes: 10, sha256: [UInt8](repeating: 2, count: 32))
            let entries = try await storage.auditEntries()
            #expect(entries.count == 1 && entries[0].format == "zip" && entries[0].device == id.description)
        }
    }
}
