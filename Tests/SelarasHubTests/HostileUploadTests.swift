import Crypto
import Foundation
import SelarasHub
import SelarasHubClient
import SelarasHubProtocol
import SelarasLog
import SelarasModel
@testable import SelarasSync
import SelarasTestSupport
import Testing

/// Uploads signed with a device's genuine key that hold numbers, keys or events the hub must
/// refuse (findings 3–6): 422 with one sentence, the hub's files unchanged, and the hub still
/// serving the next genuine sync.
@Suite struct HostileUploadTests {
    @Test("a section byte count of 2^63, genuinely signed, gets 422 and the hub keeps serving", arguments: StorageKind.testable)
    func hugeByteCount(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (store, link) = try await fx.enrolled("lap", role: .cadre)
            try record(store, 5)
            let path = fx.tmp.child("b.slb")
            try bundle(of: store, at: path, kelurahan: manggar)
            let forged = try Self.reheader(try Self.read(path), by: store) { h in
                BundleHeader(creator: h.creator, creatorKey: h.creatorKey, createdAt: h.createdAt, assumed: h.assumed, covers: h.covers,
                             keys: h.keys, sections: h.sections.map { BundleHeader.Section(firstSeq: $0.firstSeq, head: $0.head, byteCount: 1 << 63) })
            }
            try Data(forged).write(to: URL(fileURLWithPath: fx.tmp.child("huge.slb")))
            let a = try await Self.postRefused(fx, token: link.token, bodyFile: fx.tmp.child("huge.slb"))
            #expect(a.status == 422)
            #expect(refusal(a)?.error == "implausible-bundle")
            #expect(refusal(a)?.message.contains("9223372036854775808 bytes") == true)
            // Still serving: the genuine sync goes through.
            let r = try await LaptopSync.sync(store: store, link: link)
            #expect(r.receipt.appended == 5)
        }
    }

    @Test("events typed entry would refuse get 422 naming origin, seq, field and rule; nothing is stored", arguments: StorageKind.testable)
    func implausibleEvents(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let cases: [(String, EventDraft, [String])] = [
                ("born 2099", .create(.child, SampleRecords.child(born: LocalDate(year: 2099, month: 1, day: 1)!), kelurahanCode: manggar.code,
                                      author: "Bu Rina", recordedAt: WallClock.nowMilliseconds()), ["born", "2099-01-01", "in the future"]),
                // (A 4,000-byte name cannot even be written to a store: Store.record refuses what
                // would not decode, and the decoder refuses it in a bundle; see ArrivingEventTests.)
                ("name with controls", .create(.child, SampleRecords.child(name: "Siti\u{0}\n" + String(repeating: "a", count: 114)), kelurahanCode: manggar.code,
                                      author: "Bu Rina", recordedAt: WallClock.nowMilliseconds()), ["name", "field rules", "\\0"]),
                ("kelurahan 999", .create(.child, SampleRecords.child(), kelurahanCode: 999, author: "Bu Rina",
                                          recordedAt: WallClock.nowMilliseconds()), ["kelurahan code 999"]),
                ("Int64.max", .create(.child, SampleRecords.child(), kelurahanCode: manggar.code, author: "Bu Rina", recordedAt: .max),
                 ["recorded_at", "time window"]),
                ("Int64.min", .create(.child, SampleRecords.child(), kelurahanCode: manggar.code, author: "Bu Rina", recordedAt: .min),
                 ["recorded_at", "time window"]),
            ]
            for (i, (what, draft, mentions)) in cases.enumerated() {
                // An office laptop (it may push any kelurahan): the store takes anything; the hub must not.
                let (store, link) = try await fx.enrolled("lap\(i)", role: .office)
                try record(store, 2)
                try store.record([draft], durability: .batch)
                let path = fx.tmp.child("b\(i).slb")
                try bundle(of: store, at: path)
                let a = try await Self.postRefused(fx, token: link.token, bodyFile: path)
                #expect(a.status == 422, "\(what)")
                #expect(refusal(a)?.error == "implausible-bundle", "\(what)")
                let message = refusal(a)?.message ?? ""
                let seq = draft.kelurahanCode == manggar.code ? 3 : 1 // after the 2 good events of its stream
                for m in mentions + ["origin \(store.replica)", "at seq \(seq)", "nothing was imported"] {
                    #expect(message.contains(m), "\(what): \(message)")
                }
            }
        }
    }

    @Test("a cadre's bundle with a false key for another laptop gets 422 naming the cadre; that laptop still syncs", arguments: StorageKind.testable)
    func falseKeyForAnotherLaptop(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (victim, victimLink) = try await fx.enrolled("victim", role: .cadre)
            let (cadre, cadreLink) = try await fx.enrolled("cadre", role: .cadre)
            try record(victim, 3)
            _ = try await LaptopSync.sync(store: victim, link: victimLink)
            try record(cadre, 2, start: 10)
            let path = fx.tmp.child("cadre.slb")
            try bundle(of: cadre, at: path, kelurahan: manggar)
            let fake = Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation)
            let poisoned = try Self.reheader(try Self.read(path), by: cadre) { h in
                var keys = h.keys
                keys[victim.replica] = fake
                return BundleHeader(creator: h.creator, creatorKey: h.creatorKey, createdAt: h.createdAt, assumed: h.assumed,
                                    covers: h.covers, keys: keys, sections: h.sections)
            }
            try Data(poisoned).write(to: URL(fileURLWithPath: path))
            let a = try await Self.postRefused(fx, token: cadreLink.token, bodyFile: path)
            #expect(a.status == 422)
            #expect(refusal(a)?.message.contains("its creator, replica \(cadre.replica)") == true, "\(refusal(a)?.message ?? "")")
            // The victim's next sync works, and so does the cadre's genuine one.
            try record(victim, 2, start: 20)
            #expect(try await LaptopSync.sync(store: victim, link: victimLink).receipt.appended == 2)
            #expect(try await LaptopSync.sync(store: cadre, link: cadreLink).receipt.appended == 2)
        }
    }

    static func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// A genuine bundle with its header changed, re-signed by `signer` (as a hostile but enrolled device could).
    static func reheader(_ bytes: [UInt8], by signer: Store, _ change: (BundleHeader) -> BundleHeader) throws -> [UInt8] {
        let n = Int(bytes[9]) | Int(bytes[10]) << 8 | Int(bytes[11]) << 16 | Int(bytes[12]) << 24
        let header = try Array(bytes[13..<(13 + n)]).withUnsafeBytes { try BundleHeader.decodeUntyped($0) }
        var w = BinaryWriter()
        w.raw(BundleHeader.magic)
        w.u8(BundleHeader.version)
        let h = change(header).encode()
        w.u32(UInt32(h.count))
        w.raw(h)
        w.raw(Array(bytes[(13 + n)..<(bytes.count - BundleHeader.trailerSize)]))
        let digest = Array(SHA256.hash(data: w.bytes))
        return w.bytes + digest + (try signer.sign(digest))
    }

    /// Posts an upload that must be refused; the hub's files must be byte for byte unchanged.
    static func postRefused(_ fx: HubFixture, token: String, bodyFile: String,
                            sourceLocation: SourceLocation = #_sourceLocation) async throws -> HubClient.RawAnswer {
        let before = try await fx.snapshot()
        let answer = try await fx.client.raw("POST", HubAPI.syncPath, token: token, bodyFile: bodyFile, bodyBytes: nil)
        #expect(!(200..<300).contains(answer.status), sourceLocation: sourceLocation)
        #expect(try await fx.snapshot() == before, "the hub changed", sourceLocation: sourceLocation)
        return answer
    }
}
