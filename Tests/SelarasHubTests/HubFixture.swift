import Foundation
import Logging
import PostgresNIO
import SelarasHub
import SelarasHubClient
import SelarasHubProtocol
import SelarasLog
import SelarasModel
import SelarasSync
import SelarasTestSupport
import ServiceLifecycle
import Testing

let manggar = Kelurahan(name: "Manggar")!
let lamaru = Kelurahan(name: "Lamaru")!

/// A hub started for one test on loopback (port 0) in a temporary directory.
final class HubFixture: @unchecked Sendable {
    let tmp: TemporaryDirectory
    let hub: Hub
    let url: String
    /// The storage the hub runs on.
    let kind: StorageKind
    /// The client on the hub's database (PostgreSQL only).
    let database: PostgresClient?
    var hubDirectory: String { hub.directory }

    init(tmp: TemporaryDirectory, hub: Hub, url: String, kind: StorageKind = .file, database: PostgresClient? = nil) {
        self.tmp = tmp
        self.hub = hub
        self.url = url
        self.kind = kind
        self.database = database
    }

    var client: HubClient { try! HubClient(url: url) }

    /// A new laptop store.
    func laptop(_ name: String, kelurahan: Kelurahan = manggar) throws -> Store {
        try Store.create(at: tmp.child(name), kelurahan: kelurahan, label: name)
    }

    /// A new laptop store enrolled with a role.
    func enrolled(_ name: String, role: HubRole, kelurahan: Kelurahan = manggar) async throws -> (Store, HubLink) {
        let store = try laptop(name, kelurahan: kelurahan)
        let code = try await hub.createEnrolment(role: role, kelurahan: role == .cadre ? kelurahan : nil)
        let link = try await LaptopSync.enrol(store: store, url: url, code: code)
        return (store, link)
    }

    /// What "the hub is unchanged" compares: relative path → SHA-256 of every file of the
    /// hub's store (lock files and the staging folder excluded), and with PostgreSQL a digest of
    /// each table that holds state (`db/TABLE`).
    func snapshot() async throws -> [String: String] {
        var out: [String: String] = [:]
        if let database { out = try await StorageKind.databaseSnapshot(database) }
        let dir = hubDirectory
        guard let e = FileManager.default.enumerator(atPath: dir) else { return out }
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir), !isDir.boolValue,
                  !rel.hasSuffix("lock"), !rel.hasPrefix("hub/tmp") else { continue }
            // A cleared undo record (all zeros) holds no state; a live one stays in the snapshot.
            if rel.hasSuffix("batch.journal"),
               (try Data(contentsOf: URL(fileURLWithPath: dir + "/" + rel))).allSatisfy({ $0 == 0 }) { continue }
            out[rel] = try FileDigest.sha256Hex(of: dir + "/" + rel)
        }
        return out
    }
}

/// Starts a hub on a storage of a kind, runs `body`, stops the hub and removes everything.
func withHub<T: Sendable>(_ kind: StorageKind = .file, maxUploadBytes: Int = 256 << 20, registryWriteInterval: Duration = .seconds(1),
                          _ body: @Sendable (HubFixture) async throws -> T) async throws -> T {
    let tmp = try TemporaryDirectory(prefix: "selaras-hub")
    defer { tmp.cleanup() }
    var config = HubConfiguration()
    config.port = 0
    config.maxUploadBytes = maxUploadBytes
    config.registryWriteInterval = registryWriteInterval
    var logger = Logger(label: "selaras.hub.test")
    logger.logLevel = .warning
    return try await kind.withStorage(in: tmp) { dir, database in
        let hub = try await Hub(storage: try await kind.open(dir, database), directory: dir, configuration: config, logger: logger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = HubServer.application(hub: hub) { port in continuation.yield(port) }
        let services = ServiceGroup(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        let result: Result<T, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await services.run() }
            var it = ports.makeAsyncIterator()
            guard let port = await it.next() else { await services.triggerGracefulShutdown(); return .failure(HubError(status: 0, code: "no-port", "the hub did not start")) }
            let fixture = HubFixture(tmp: tmp, hub: hub, url: "http://127.0.0.1:\(port)", kind: kind, database: database)
            let r: Result<T, any Error>
            do { r = .success(try await body(fixture)) } catch { r = .failure(error) }
            // As on SIGTERM: requests in flight finish, then the server stops.
            await services.triggerGracefulShutdown()
            return r
        }
        await hub.close()
        return try result.get()
    }
}

/// Records `count` mixed events in a store (its own kelurahan unless told).
func record(_ store: Store, _ count: Int, start: Int = 0, kelurahan: Kelurahan? = nil) throws {
    try store.record(SampleRecords.mixedDrafts(count, start: start, kelurahanCode: (kelurahan ?? store.metadata.kelurahan).code), durability: .batch)
}

/// Writes a bundle of everything a store holds (optionally one kelurahan only).
func bundle(of store: Store, at path: String, kelurahan: Kelurahan? = nil) throws {
    _ = try BundleWriter(store: store, state: try SyncState.load(store))
        .write(to: path, assumed: VersionVector(), kelurahan: kelurahan.map { [$0.code] })
}

/// The JSON refusal in an answer.
func refusal(_ a: HubClient.RawAnswer) -> HubErrorBody? { try? JSONDecoder().decode(HubErrorBody.self, from: a.body) }
