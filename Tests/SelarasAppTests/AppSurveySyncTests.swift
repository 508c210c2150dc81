import Foundation
@testable import SelarasApp
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

/// The RTLH survey with Indonesian choices, and the Sinkron page's bundle to a folder and back.
@Suite struct AppSurveySyncTests {
    @Test("an RTLH survey chosen in Indonesian is stored with the schema's values and shown back in Indonesian")
    func survey() async throws {
        try await withApp { app in
            let s = try await app.login()
            let form = try await app.send("GET", "/survei", [("Cookie", s.cookie)])
            #expect(form.body.contains(">Tanah<") && form.body.contains(">Bambu<") && form.body.contains(">Genteng<"))
            let a = try await app.post("/survei", cookie: s.cookie, [
                ("csrf", s.csrf), ("head_name", "Budi Santoso"), ("occupants", "5"), ("floor_area_m2", "24,5"),
                ("floor_material", "earth"), ("wall_material", "bamboo"), ("roof_material", "tile"), ("roof_damaged", "ya"),
                ("toilet", "none"), ("water_source", "unprotected-well"), ("surveyed_on", "03/02/2025")])
            #expect(a.status == 200 && a.body.contains("Tersimpan"), "\(a.body)")
            #expect(a.body.contains("Tanah") && a.body.contains("Sumur tidak terlindung") && a.body.contains("24,5"))
            let survey = try #require(await app.app.state.records(of: .houseSurvey).first)
            #expect(survey.value(FieldKey.HouseSurvey.floorMaterial)?.text == "earth")
            #expect(survey.value(FieldKey.HouseSurvey.surveyedOn)?.date == LocalDate(year: 2025, month: 2, day: 3))
            #expect(survey.value(FieldKey.HouseSurvey.surveyor)?.text == "kader-uji")
            let bad = try await app.post("/survei", cookie: s.cookie, [("csrf", s.csrf), ("head_name", "X"), ("occupants", "0"),
                                                                ("floor_area_m2", "24"), ("surveyed_on", "03/02/2025")])
            #expect(bad.status == 422 && bad.body.contains("Jumlah penghuni"))
        }
    }

    @Test("a bundle written to a folder holds every record; imported into another store it brings them")
    func bundle() async throws {
        try await withApp { app in
            let s = try await app.login()
            _ = try await app.post("/anak/baru", cookie: s.cookie, [("csrf", s.csrf), ("name", "Dewi"), ("sex", "Perempuan"), ("born", "01/01/2024")])
            let folder = app.tmp.child("usb")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let w = try await app.post("/sinkron/tulis", cookie: s.cookie, [("csrf", s.csrf), ("folder", folder)])
            #expect(w.status == 200 && w.body.contains("Tersimpan"), "\(w.body)")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".slb") }
            #expect(files.count == 1)
            let missing = try await app.post("/sinkron/tulis", cookie: s.cookie, [("csrf", s.csrf), ("folder", folder + "/nope")])
            #expect(missing.status == 422)
            // Another laptop imports it with the CLI's importer.
            let other = try Store.create(at: app.tmp.child("lap2"), kelurahan: Kelurahan(name: "Manggar")!, label: "lap2")
            defer { other.close() }
            _ = try SelarasSyncImport.importFile(store: other, path: folder + "/" + files[0])
            #expect(try ConsolidatedState(store: other).records(of: .child).count == 1)
        }
    }
}
