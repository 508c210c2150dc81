import Foundation
@testable import SelarasApp
import SelarasLog
import SelarasMerge
import SelarasModel
import Testing

/// A posyandu morning through the pages over HTTP: register, find, weigh (decimal comma,
/// dd/mm/yyyy), read N/T and the statuses, correct and void.
@Suite struct AppFlowTests {
    func register(_ app: AppFixture, _ s: (cookie: String, csrf: String), _ fields: [(String, String)]) async throws -> String {
        let a = try await app.post("/anak/baru", cookie: s.cookie, [("csrf", s.csrf)] + fields)
        #expect(a.status == 303, "\(a.body)")
        let loc = try #require(a.header("Location"))
        return String(loc.dropFirst("/anak/".count).prefix { $0 != "?" })
    }

    @Test("register, find, weigh twice: the second weighing is N with the KBM; the page says Tersimpan")
    func morning() async throws {
        try await withApp { app in
            let s = try await app.login()
            let id = try await register(app, s, [("name", "Siti Aminah"), ("nik", "6471010203240001"), ("sex", "Perempuan"),
                                           ("born", "15/10/2024"), ("mother", "Rahmawati"), ("posyandu", "Melati 3")])
            let page = try await app.send("GET", "/anak/\(id)?tersimpan=1", [("Cookie", s.cookie)])
            #expect(page.body.contains("Tersimpan") && page.body.contains("15/10/2024") && page.body.contains("Perempuan"))
            // Found by a misspelt partial name, by the mother, by the NIK.
            for q in ["siti amina", "SITI", "rahmawati", "6471010203240001", "Aminnah"] {
                let r = try await app.send("GET", "/cari?q=\(q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", [("Cookie", s.cookie)])
                #expect(r.body.contains("/anak/\(id)"), "\(q)")
            }
            let first = try await app.post("/anak/\(id)/timbang", cookie: s.cookie,
                                     [("csrf", s.csrf), ("measured_on", "20/02/2025"), ("weight_kg", "7,1"), ("length_height_cm", "65,0"),
                                      ("position", "Terlentang")])
            #expect(first.status == 200)
            #expect(first.body.contains("Tersimpan") && first.body.contains("data-nt=\"B\""), "\(first.body)")
            // Child born 15/10/2024 is 5 completed months on 20/03/2025: KBM 500 g; 7,1 → 7,6 is N.
            let second = try await app.post("/anak/\(id)/timbang", cookie: s.cookie,
                                      [("csrf", s.csrf), ("measured_on", "20/03/2025"), ("weight_kg", "7.6"), ("length_height_cm", "66,5"),
                                       ("position", "Terlentang")])
            #expect(second.body.contains("Tersimpan") && second.body.contains("data-nt=\"N\""), "\(second.body)")
            #expect(second.body.contains("500 g"))
            #expect(second.body.contains("Berat badan normal"))
            let child = try await app.send("GET", "/anak/\(id)", [("Cookie", s.cookie)])
            #expect(child.body.contains("<svg") && child.body.contains("garis merah") && child.body.contains("class=\"titik\""))
        }
    }

    @Test("an impossible weight is refused with the field named, and nothing is saved") func refused() async throws {
        try await withApp { app in
            let s = try await app.login()
            let id = try await register(app, s, [("name", "Budi"), ("sex", "Laki-laki"), ("born", "01/01/2024")])
            let a = try await app.post("/anak/\(id)/timbang", cookie: s.cookie, [("csrf", s.csrf), ("measured_on", "20/03/2025"), ("weight_kg", "0")])
            #expect(a.status == 422)
            #expect(a.body.contains("Belum tersimpan") && a.body.contains("BB (kg)"))
            #expect(!a.body.contains("id=\"tersimpan\""))
            #expect(await app.app.counts()[.growthCheck]?.active ?? 0 == 0)
        }
    }

    @Test("a near-duplicate is warned about before saving; confirmed, it is saved") func duplicate() async throws {
        try await withApp { app in
            let s = try await app.login()
            _ = try await register(app, s, [("name", "Ahmad Fauzi"), ("sex", "Laki-laki"), ("born", "05/06/2023"), ("mother", "Nur Aini")])
            let fields = [("csrf", s.csrf), ("name", "Ahmad Fauzy"), ("sex", "Laki-laki"), ("born", "05/06/2023"), ("mother", "Nur Aini")]
            let warned = try await app.post("/anak/baru", cookie: s.cookie, fields)
            #expect(warned.status == 200 && warned.body.contains("mungkin sudah terdaftar"))
            #expect(await app.app.counts()[.child]?.active == 1)
            let saved = try await app.post("/anak/baru", cookie: s.cookie, fields + [("konfirmasi", "1")])
            #expect(saved.status == 303)
            #expect(await app.app.counts()[.child]?.active == 2)
        }
    }

    @Test("a check is corrected and voided with reasons; the history shows both") func correctAndVoid() async throws {
        try await withApp { app in
            let s = try await app.login()
            let id = try await register(app, s, [("name", "Dewi"), ("sex", "Perempuan"), ("born", "01/01/2024")])
            _ = try await app.post("/anak/\(id)/timbang", cookie: s.cookie, [("csrf", s.csrf), ("measured_on", "10/03/2025"), ("weight_kg", "10,2")])
            let checkID = try #require(await app.app.checksOf[EntityID(id)!]?.first)
            let noReason = try await app.post("/rekaman/\(checkID)/koreksi", cookie: s.cookie, [("csrf", s.csrf), ("weight_kg", "10,4")])
            #expect(noReason.status == 422)
            let c = try await app.post("/rekaman/\(checkID)/koreksi", cookie: s.cookie,
                                 [("csrf", s.csrf), ("measured_on", "10/03/2025"), ("weight_kg", "10,4"), ("alasan", "salah baca timbangan")])
            #expect(c.status == 303)
            #expect(await app.app.state[checkID]?.fields.decimal(FieldKey.GrowthCheck.weight) == 10.4)
            let v = try await app.post("/rekaman/\(checkID)/batal", cookie: s.cookie, [("csrf", s.csrf), ("alasan", "ditimbang dua kali")])
            #expect(v.status == 303)
            let page = try await app.send("GET", "/rekaman/\(checkID)?tersimpan=batal", [("Cookie", s.cookie)])
            #expect(page.body.contains("Dikoreksi") && page.body.contains("salah baca timbangan"))
            #expect(page.body.contains("Dibatalkan") && page.body.contains("ditimbang dua kali"))
            #expect(await app.app.state[checkID]?.isVoided == true)
        }
    }
}
