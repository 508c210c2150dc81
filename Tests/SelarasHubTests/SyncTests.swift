#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SelarasHub
import SelarasHubClient
import SelarasHubProtocol
import SelarasLog
import SelarasModel
import SelarasSync
import SelarasTestSupport
import Testing

/// Laptops syncing with a hub over real HTTP.
@Suite struct SyncTests {
    @Test("two cadres and the office sync; each cadre gets only its kelurahan, the office gets all", arguments: StorageKind.testable)
    func scopes(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (a, linkA) = try await fx.enrolled("manggar", role: .cadre, kelurahan: manggar)
            let (b, linkB) = try await fx.enrolled("lamaru", role: .cadre, kelurahan: lamaru)
            let (office, linkO) = try await fx.enrolled("office", role: .office)
            let (a2, linkA2) = try await fx.enrolled("manggar2", role: .cadre, kelurahan: manggar)
            try record(a, 40)
            try record(b, 25)
            try record(a2, 7)

            let ra = try await LaptopSync.sync(store: a, link: linkA)
            #expect(ra.sentEvents == 40 && ra.receipt.appended == 40)
            #expect(ra.confirmations.map(\.stream) == [StreamID(origin: a.replica, kelurahanCode: manggar.code)])
            #expect(ra.confirmations.map(\.held) == [40] && ra.confirmations.map(\.confirmed) == [40])
            _ = try await LaptopSync.sync(store: b, link: linkB)

            // The second Manggar laptop receives the first one's stream, and no Lamaru stream.
            let r2 = try await LaptopSync.sync(store: a2, link: linkA2)
            #expect(r2.sentEvents == 7 && r2.imported.appended == 40)
            #expect(a2.versionVector.streams.allSatisfy { $0.kelurahanCode == manggar.code })
            #expect(a2.versionVector.totalEvents == 47)
            #expect(r2.receipt.vector.streams.allSatisfy { $0.kelurahanCode == manggar.code })

            // The Lamaru laptop gets nothing of Manggar.
            let rb = try await LaptopSync.sync(store: b, link: linkB)
            #expect(rb.imported.appended == 0)
            #expect(b.versionVector.streams.allSatisfy { $0.kelurahanCode == lamaru.code })

            // The office receives everything.
            let ro = try await LaptopSync.sync(store: office, link: linkO)
            #expect(ro.imported.appended == 72)
            #expect(office.versionVector.totalEvents == 72)

            // Devices show their last sync.
            let devices = try await fx.hub.devices()
            #expect(devices.filter { $0.lastSync > 0 }.count == 4)
        }
    }

    @Test("syncing again sends and receives nothing new, and nothing is doubled", arguments: StorageKind.testable)
    func idempotent(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (a, link) = try await fx.enrolled("a", role: .office)
            try record(a, 20)
            _ = try await LaptopSync.sync(store: a, link: link)
            let again = try await LaptopSync.sync(store: a, link: link)
            #expect(again.sentEvents == 0)
            #expect(again.imported.appended == 0)
            try record(a, 5, start: 20)
            let third = try await LaptopSync.sync(store: a, link: link)
            #expect(third.sentEvents == 5 && third.receipt.appended == 5)
            #expect(third.confirmations.first?.confirmed == 25)
        }
    }

    @Test("a hub that lost the answer: the laptop resends, nothing doubles", arguments: StorageKind.testable)
    func lostAnswer(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (a, link) = try await fx.enrolled("a", role: .cadre)
            try record(a, 15)
            // The bundle reaches the hub, but the laptop never sees the answer (as when the
            // connection is cut after the upload): its state does not learn the hub's vector.
            let path = fx.tmp.child("b.slb")
            try bundle(of: a, at: path, kelurahan: manggar)
            let first = try await fx.client.raw("POST", HubAPI.syncPath, token: link.token, bodyFile: path, outputPath: fx.tmp.child("x"))
            #expect(first.status == 200)
            let r = try await LaptopSync.sync(store: a, link: link)
            #expect(r.sentEvents == 15)
            #expect(r.receipt.appended == 0 && r.receipt.alreadyHeld == 15)
            #expect(r.confirmations.first?.confirmed == 15)
        }
    }

    @Test("revoking a device while the hub runs takes effect on its next request")
    func revokeWhileRunning() async throws {
        try await withHub { fx in
            let (a, link) = try await fx.enrolled("a", role: .cadre)
            try record(a, 3)
            _ = try await LaptopSync.sync(store: a, link: link)
            // As `selaras hub revoke` does, from outside the hub actor: through the registry file.
            _ = try RegistryFile(storeDirectory: fx.hubDirectory).revoke(a.replica)
            do {
                _ = try await LaptopSync.sync(store: a, link: link)
                Issue.record("a revoked device could still sync")
            } catch let e as HubClientError {
                #expect(e.status == 401 && e.code == "revoked")
            }
        }
    }

    @Test("a receipt signed by another key is rejected by the laptop")
    func forgedReceipt() throws {
        let tmp = try TemporaryDirectory(prefix: "selaras-receipt")
        let hub = try Store.create(at: tmp.path + "/h", kelurahan: manggar, label: "h")
        let other = try Store.create(at: tmp.path + "/o", kelurahan: manggar, label: "o")
        let r = try SyncReceipt(hub: hub.replica, device: other.replica, receivedAt: 1, bundleSHA256: Array(repeating: 1, count: 32),
                                appended: 1, alreadyHeld: 0, pending: 0, vector: VersionVector(), sign: { try other.sign($0) })
        #expect(throws: ModelError.self) {
            _ = try SyncReceipt.verified(headerValue: r.headerValue, hubKey: Array(hub.publicKey.rawRepresentation))
        }
        let good = try SyncReceipt(hub: hub.replica, device: other.replica, receivedAt: 1, bundleSHA256: Array(repeating: 1, count: 32),
                                   appended: 1, alreadyHeld: 0, pending: 0, vector: VersionVector(), sign: { try hub.sign($0) })
        #expect(try SyncReceipt.verified(headerValue: good.headerValue, hubKey: Array(hub.publicKey.rawRepresentation)) == good)
    }
}

/// A connection cut half-way through an upload, made deterministic with a raw socket.
@Suite struct CutUploadTests {
    /// Sends the request head and the first `cut` bytes of `body`, then closes the socket.
    static func sendPartially(port: Int, token: String, body: [UInt8], cut: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let head = "POST \(HubAPI.syncPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: \(HubAPI.bundleMediaType)\r\nContent-Length: \(body.count)\r\n\r\n"
        let bytes = Array(head.utf8) + body.prefix(cut)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        usleep(100_000)
    }

    @Test("an upload cut half-way changes nothing; the next sync completes without duplicates", arguments: StorageKind.testable)
    func cutUpload(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (a, link) = try await fx.enrolled("a", role: .cadre)
            try record(a, 200)
            let path = fx.tmp.child("b.slb")
            try bundle(of: a, at: path, kelurahan: manggar)
            let body = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let before = try await fx.snapshot()
            let port = try #require(URLComponents(string: fx.url)?.port)
            try Self.sendPartially(port: port, token: link.token, body: body, cut: body.count / 2)
            // Wait until the hub has dropped the staged half.
            for _ in 0..<50 where !(try FileManager.default.contentsOfDirectory(atPath: fx.hubDirectory + "/hub/tmp").isEmpty) {
                usleep(100_000)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: fx.hubDirectory + "/hub/tmp").isEmpty)
            #expect(try await fx.snapshot() == before)
            let r = try await LaptopSync.sync(store: a, link: link)
            #expect(r.receipt.appended == 200 && r.receipt.alreadyHeld == 0)
            #expect(r.confirmations.first?.confirmed == 200)
            let again = try await LaptopSync.sync(store: a, link: link)
            #expect(again.sentEvents == 0 && again.receipt.appended == 0)
        }
    }
}
