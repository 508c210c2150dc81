import Foundation
import Logging
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
    var hubDirectory: String { hub.directory }

    init(tmp: TemporaryDirectory, hub: Hub, url: String) {
        self.tmp = tmp
        self.hub = hub
        self.url = url
    }

    var client: HubClient { try! HubClient(url: url) }

    /// A new laptop store.
    func laptop(_ name: String, kelurahan: Kelurahan = manggar) throws -> Store {
        try Store.create(at: tmp.child(name), kelurahan: kelurahan, label: name)
    }

    /// A new laptop store enrolled with a role.
    func enrolled(_ name: String, role: HubRole, kelurahan: Kelurahan = manggar) async throws -> (Store, HubLink) {
        let store = try laptop(name, kelurahan: kelurahan)
        let code = try hub.registryFile.createEnrolment(role: role, kelurahan: role == .cadre ? kelurahan : nil)
        let link = try await LaptopSync.enrol(store: store, url: url, code: code)
        return (store, link)
    }

    /// Relative path → SHA-256 of every file of the hub's store (lock files and the staging
    /// folder excluded).
    func snapshot() throws -> [String: String] {
        var out: [String: String] = [:]
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

/// Starts a hub, runs `body`, stops the hub and removes everything.
func withHub<T: Sendable>(maxUploadBytes: Int = 256 << 20, registryWriteInterval: Duration = .seconds(1), _ body: @Sendable (HubFixture) async throws -> T) async throws -> T {
    let tmp = try TemporaryDirectory(prefix: "selaras-hub")
    let dir = tmp.child("hub")
    try Store.create(at: dir, kelurahan: Kelurahan(code: 1)!, label: "hub").close()
    var config = HubConfiguration()
    config.port = 0
    config.maxUploadBytes = maxUploadBytes
    config.registryWriteInterval = registryWriteInterval
    var logger = Logger(label: "selaras.hub.test")
    logger.logLevel = .warning
    let hub = try await Hub(storeDirectory: dir, configuration: config, logger: logger)
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = HubServer.application(hub: hub) { port in continuation.yield(port) }
    let services = ServiceGroup(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
    let result: Result<T, any Error> = await withTaskGroup(of: Void.self) { group in
        group.addTask { try? await services.run() }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next() else { await services.triggerGracefulShutdown(); return .failure(HubError(status: 0, code: "no-port", "the hub did not start")) }
        let fixture = HubFixture(tmp: tmp, hub: hub, url: "http://127.0.0.1:\(port)")
        let r: Result<T, any Error>
        do { r = .success(try await body(fixture)) } catch { r = .failure(error) }
        // As on SIGTERM: requests in flight finish, then the server stops.
        await services.triggerGracefulShutdown()
        return r
    }
    await hub.close()
    tmp.cleanup()
    return try result.get()
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
