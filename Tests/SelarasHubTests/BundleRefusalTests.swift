import Foundation
import SelarasHub
import SelarasHubClient
import SelarasHubProtocol
import SelarasLog
import SelarasModel
import Testing

/// Bundles the hub must refuse whole, with a clear status, leaving its store byte for byte unchanged.
@Suite struct BundleRefusalTests {
    @Test("a tampered bundle is refused (422) and the hub is unchanged", arguments: StorageKind.testable)
    func tampered(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (store, link) = try await fx.enrolled("lap", role: .cadre)
            try record(store, 30)
            let path = fx.tmp.child("b.slb")
            try bundle(of: store, at: path, kelurahan: manggar)
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            bytes[bytes.count / 2] ^= 0x40
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let a = try await postRefused(fx, token: link.token, bodyFile: path)
            #expect(a.status == 422)
            #expect(refusal(a)?.error == "forged-bundle")
            #expect(refusal(a)?.message.contains("nothing was imported") == true)
        }
    }

    @Test("a replayed bundle is refused (409) and the hub is unchanged", arguments: StorageKind.testable)
    func replayed(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (store, link) = try await fx.enrolled("lap", role: .cadre)
            try record(store, 30)
            let path = fx.tmp.child("b.slb")
            try bundle(of: store, at: path, kelurahan: manggar)
            let first = try await fx.client.raw("POST", HubAPI.syncPath, token: link.token, bodyFile: path, outputPath: fx.tmp.child("answer"))
            #expect(first.status == 200)
            #expect(try await fx.hub.stateSummary().version == 30)
            let again = try await postRefused(fx, token: link.token, bodyFile: path)
            #expect(again.status == 409)
            #expect(refusal(again)?.error == "replayed-bundle")
        }
    }

    @Test("another replica's bundle, sent with this device's token, is refused (403)", arguments: StorageKind.testable)
    func notYourBundle(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (_, link) = try await fx.enrolled("lap", role: .cadre)
            let stranger = try fx.laptop("stranger")
            try record(stranger, 10)
            let path = fx.tmp.child("b.slb")
            try bundle(of: stranger, at: path)
            let a = try await postRefused(fx, token: link.token, bodyFile: path)
            #expect(a.status == 403)
            #expect(refusal(a)?.error == "not-your-bundle")
        }
    }

    @Test("a cadre may not push another kelurahan's data (403)", arguments: StorageKind.testable)
    func outsideKelurahan(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (store, link) = try await fx.enrolled("lap", role: .cadre)
            try record(store, 10)
            try record(store, 10, start: 10, kelurahan: lamaru)
            let path = fx.tmp.child("b.slb")
            try bundle(of: store, at: path)
            let a = try await postRefused(fx, token: link.token, bodyFile: path)
            #expect(a.status == 403)
            #expect(refusal(a)?.error == "outside-kelurahan")
            #expect(refusal(a)?.message.contains("Lamaru") == true)
        }
    }

    @Test("an upload past the size limit gets 413 with a clear message", arguments: StorageKind.testable)
    func tooLarge(kind: StorageKind) async throws {
        try await withHub(kind, maxUploadBytes: 2048) { fx in
            let (store, link) = try await fx.enrolled("lap", role: .cadre)
            try record(store, 300)
            let path = fx.tmp.child("b.slb")
            try bundle(of: store, at: path, kelurahan: manggar)
            let a = try await postRefused(fx, token: link.token, bodyFile: path)
            #expect(a.status == 413)
            #expect(refusal(a)?.message.contains("2048 bytes") == true)
        }
    }

    @Test("garbage is refused as malformed (400)", arguments: StorageKind.testable)
    func garbage(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (_, link) = try await fx.enrolled("lap", role: .office)
            let a = try await postRefused(fx, token: link.token, bodyBytes: Data("not a bundle".utf8))
            #expect(a.status == 400)
            #expect(refusal(a)?.error == "malformed-bundle")
        }
    }

    /// Posts a bundle that must be refused, and checks the hub's files are byte for byte unchanged.
    func postRefused(_ fx: HubFixture, token: String, bodyFile: String? = nil, bodyBytes: Data? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) async throws -> HubClient.RawAnswer {
        let before = try await fx.snapshot()
        let answer = try await fx.client.raw("POST", HubAPI.syncPath, token: token, bodyFile: bodyFile, bodyBytes: bodyBytes)
        #expect(!(200..<300).contains(answer.status), sourceLocation: sourceLocation)
        #expect(try await fx.snapshot() == before, "the hub changed", sourceLocation: sourceLocation)
        return answer
    }
}
