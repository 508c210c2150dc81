import Foundation
import SelarasHub
import SelarasHubClient
import SelarasHubProtocol
import SelarasLog
import SelarasModel
import Testing

/// Exports streamed over HTTP, with a content hash and an audit entry per download.
@Suite struct ExportTests {
    @Test("an analyst downloads the analyst tier; the hash matches and the download is audited", arguments: StorageKind.testable)
    func analystDownload(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (lap, linkL) = try await fx.enrolled("lap", role: .cadre)
            try record(lap, 30)
            _ = try await LaptopSync.sync(store: lap, link: linkL)
            let (analyst, link) = try await fx.enrolled("analyst", role: .analyst)
            let zip = fx.tmp.child("a.zip")
            let d = try await fx.client.download(format: "zip", tier: "analyst", token: link.token, to: zip)
            #expect(d.bytes > 0)
            #expect(try FileDigest.sha256Hex(of: zip) == d.sha256)
            let tar = fx.tmp.child("a.tar")
            let t = try await fx.client.download(format: "csv.gz", tier: "analyst", token: link.token, to: tar)
            #expect(t.fileName.hasSuffix(".tar"))
            // The tar holds the per-table files and SHA256SUMS (listed by the system's tar).
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["tar", "-tf", tar]
            let pipe = Pipe()
            p.standardOutput = pipe
            try p.run()
            let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            #expect(listing.contains("SHA256SUMS") && listing.contains("children.csv.gz"))

            let entries = try await fx.hub.auditEntries()
            #expect(entries.count == 2)
            #expect(entries.map(\.format) == ["zip", "csv.gz"])
            #expect(entries.allSatisfy { $0.device == analyst.replica.description && $0.tier == "analyst" && $0.role == .analyst })
            #expect(entries[0].sha256 == d.sha256)
        }
    }

    @Test("an analyst may not download the office tier; refusals are not audited", arguments: StorageKind.testable)
    func analystOfficeTierRefused(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (_, link) = try await fx.enrolled("analyst", role: .analyst)
            do {
                _ = try await fx.client.download(format: "xlsx", tier: "office", token: link.token, to: fx.tmp.child("x"))
                Issue.record("the office tier was sent to an analyst")
            } catch let e as HubClientError {
                #expect(e.status == 403)
            }
            let unknown = try await fx.client.raw("GET", HubAPI.exportsPath + "/pdf", token: link.token)
            #expect(unknown.status == 404)
            #expect(refusal(unknown)?.message.contains("zip") == true)
            #expect(try await fx.hub.auditEntries().isEmpty)
        }
    }
}
