import Foundation
@testable import SelarasApp
import SelarasHub
import SelarasHubClient
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

/// Sinkron with the office's hub from the app: enrol with a code, sync over real HTTP on
/// loopback against a real hub, then the steps and, per record, what the hub's receipt confirms.
@Suite struct AppHubSyncTests {
    /// Rows of the confirmation table: record id → data-confirmed.
    func confirmations(_ body: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in body.components(separatedBy: "<tr id=\"k-").dropFirst() {
            let id = String(part.prefix { $0 != "\"" })
            guard let r = part.range(of: "data-confirmed=\"") else { continue }
            out[id] = String(part[r.upperBound...].prefix { $0 != "\"" })
        }
        return out
    }

    @Test("an enrolled app syncs with a real hub: steps, per-record confirmations, and records from the office come back")
    func syncWithHub() async throws {
        try await withAppHub { hub, url in
            try await withApp { app in
                let s = try await app.login()
                // Not enrolled yet: the page offers enrolment, and syncing says why it cannot.
                let page = try await app.send("GET", "/sinkron", [("Cookie", s.cookie)])
                #expect(page.body.contains("id=\"form-daftar\"") && !page.body.contains("id=\"sinkron-hub\""))
                let early = try await app.post("/sinkron/hub", cookie: s.cookie, [("csrf", s.csrf)])
                #expect(early.status == 422 && early.body.contains("belum terdaftar"))
                let wrong = try await app.post("/sinkron/daftar", cookie: s.cookie, [("csrf", s.csrf), ("hub", url), ("kode", "SALAH-KODE")])
                #expect(wrong.status == 422 && wrong.body.contains("gagal"))

                #expect(await app.app.entry().sendableKelurahan == nil)
                let code = try hub.registryFile.createEnrolment(role: .cadre, kelurahan: Kelurahan(name: "Manggar")!)
                let enrol = try await app.post("/sinkron/daftar", cookie: s.cookie, [("csrf", s.csrf), ("hub", url), ("kode", code)])
                #expect(enrol.status == 200 && enrol.body.contains("terdaftar di hub") && enrol.body.contains("id=\"sinkron-hub\""), "\(enrol.body)")
                // As the CLI's entry on a cadre's laptop: records only for the kelurahan it can send.
                #expect(await app.app.entry().sendableKelurahan == Kelurahan(name: "Manggar")!.code)

                let child = try await app.post("/anak/baru", cookie: s.cookie, [("csrf", s.csrf), ("name", "Dewi Lestari"), ("sex", "Perempuan"),
                                                                          ("born", "01/01/2024"), ("posyandu", "Melati 3")])
                let childID = try #require(child.header("Location")).dropFirst("/anak/".count).prefix { $0 != "?" }
                let check = try await app.post("/anak/\(childID)/timbang", cookie: s.cookie,
                                               [("csrf", s.csrf), ("measured_on", "20/03/2025"), ("weight_kg", "10,2"),
                                                ("length_height_cm", "80,0"), ("position", "Terlentang")])
                #expect(check.status == 200)
                let checkID = try #require(await app.app.checksOf[EntityID(String(childID))!]?.first).description

                let first = try await app.post("/sinkron/hub", cookie: s.cookie, [("csrf", s.csrf)])
                #expect(first.status == 200, "\(first.body)")
                for step in ["Menulis bundel", "Mengirim ke kantor", "Menerima dari kantor", "Memeriksa dan menyimpan"] {
                    #expect(first.body.contains(step))
                }
                #expect(first.body.contains("2 dari 2 rekaman") && first.body.contains("2 baru di kantor"), "\(first.body)")
                #expect(!first.body.contains("menunggu rekaman sebelumnya"))
                #expect(confirmations(first.body) == [String(childID): "true", checkID: "true"])
                #expect(first.body.contains("Dewi Lestari, 20/03/2025"))

                // The office's laptop, through the same hub, receives both records; its new child comes back to the app.
                let office = try Store.create(at: app.tmp.child("office"), kelurahan: Kelurahan(name: "Manggar")!, label: "office")
                defer { office.close() }
                let link = try await LaptopSync.enrol(store: office, url: url, code: try hub.registryFile.createEnrolment(role: .office, kelurahan: nil))
                _ = try await LaptopSync.sync(store: office, link: link)
                let held = try ConsolidatedState(store: office)
                #expect(held.records(of: .child).map { $0.value(FieldKey.Child.name)?.text } == ["Dewi Lestari"])
                #expect(held.records(of: .growthCheck).count == 1)
                _ = try office.record([.create(.child, SampleRecords.child(name: "Rina Kantor"), kelurahanCode: office.metadata.kelurahan.code,
                                           author: "bidan", recordedAt: WallClock.nowMilliseconds())])
                _ = try await LaptopSync.sync(store: office, link: link)

                let second = try await app.post("/sinkron/hub", cookie: s.cookie, [("csrf", s.csrf)])
                #expect(second.status == 200)
                #expect(second.body.contains("id=\"tidak-ada-baru\"") && confirmations(second.body).isEmpty)
                #expect(second.body.contains("1 rekaman baru"), "\(second.body)")
                let found = try await app.send("GET", "/cari?q=rina", [("Cookie", s.cookie)])
                #expect(found.body.contains("Rina Kantor"))
            }
        }
    }
}
