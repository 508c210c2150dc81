import Foundation
import SelarasHub
import SelarasHubClient
import SelarasLog
import SelarasModel
import Testing

/// The hub verifies an upload outside its actor, then applies it inside, reading the staged
/// file a second time: what it applies must be what it verified.
@Suite struct VerifiedUploadTests {
    @Test("an upload altered between verification and apply is refused (422), the hub unchanged; unaltered, it applies", arguments: StorageKind.testable)
    func alteredBetweenVerifyAndApply(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (store, _) = try await fx.enrolled("lap", role: .cadre)
            try record(store, 300)
            let path = fx.tmp.child("b.slb")
            try bundle(of: store, at: path, kelurahan: manggar)
            let original = try Data(contentsOf: URL(fileURLWithPath: path))
            let sha = try FileDigest.sha256(of: path)
            let device = try #require(try await fx.hub.devices().first { $0.id == store.replica })

            let verified = try Hub.verifyUpload(path, knownKeys: try await fx.hub.knownKeys())
            let h = try #require(FileHandle(forUpdatingAtPath: path))
            try h.seek(toOffset: UInt64(original.count / 2))
            try h.write(contentsOf: Data([original[original.count / 2] ^ 0x40]))
            try h.close()
            let before = try await fx.snapshot()
            do {
                _ = try await fx.hub.sync(device: device, bundle: verified, sha256: sha)
                Issue.record("an upload altered after verification was applied")
            } catch let e as HubError {
                #expect(e.status == 422)
                #expect(e.message.contains("changed after it was verified"), "\(e.message)")
                #expect(e.message.hasSuffix("nothing was imported"))
            }
            #expect(try await fx.snapshot() == before, "the hub changed")

            try original.write(to: URL(fileURLWithPath: path))
            let again = try Hub.verifyUpload(path, knownKeys: try await fx.hub.knownKeys())
            let outcome = try await fx.hub.sync(device: device, bundle: again, sha256: sha)
            #expect(outcome.receipt.appended == 300)
            try? FileManager.default.removeItem(atPath: outcome.responsePath)
        }
    }
}
