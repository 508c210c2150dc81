import Crypto
import Foundation
@testable import SelarasApp
import SelarasAnthro
import SelarasExport
import SelarasExportEPPGBM
import SelarasModel
import SelarasReport
import Testing

/// The monthly report in the cadre's app: SelarasReport's page (the one `selaras report` and the
/// hub serve), over the app's kept state, for the laptop's kelurahan, a month and a posyandu.
@Suite struct AppReportTests {
    @Test("the report page is SelarasReport's page for the month and posyandu, with its inline style allowed by hash only")
    func report() async throws {
        try await withApp { app in
            let s = try await app.login()
            var ids: [String] = []
            for (name, posyandu) in [("Siti Aminah", "Melati 3"), ("Budi Santoso", "Melati 3"), ("Rina Wati", "Mawar 1")] {
                let a = try await app.post("/anak/baru", cookie: s.cookie, [("csrf", s.csrf), ("name", name), ("sex", "Perempuan"),
                                                                      ("born", "10/05/2024"), ("posyandu", posyandu)])
                ids.append(String(try #require(a.header("Location")).dropFirst("/anak/".count).prefix { $0 != "?" }))
            }
            // Siti: 8,0 in February then 8,1 in March (10 months: KBM 300 g, so T); Budi weighed in March only.
            for (id, date, kg) in [(ids[0], "20/02/2025", "8,0"), (ids[0], "20/03/2025", "8,1"), (ids[1], "18/03/2025", "8,5")] {
                let a = try await app.post("/anak/\(id)/timbang", cookie: s.cookie, [("csrf", s.csrf), ("measured_on", date), ("weight_kg", kg),
                                                                               ("length_height_cm", "72,0"), ("position", "Terlentang")])
                #expect(a.status == 200, "\(a.body)")
            }
            let form = try await app.send("GET", "/laporan", [("Cookie", s.cookie)])
            #expect(form.status == 200 && form.body.contains("value=\"03/2025\""))
            #expect(form.body.contains("<option value=\"Melati 3\">") && form.body.contains("<option value=\"Mawar 1\">"))

            let page = try await app.send("GET", "/laporan?bulan=03%2F2025&posyandu=Melati%203", [("Cookie", s.cookie)])
            #expect(page.status == 200)
            // The very page SelarasReport renders from the same state (one rendering code path).
            let state = await app.app.state
            let options = await app.app.reportOptions()
            #expect(options.tier == .office && options.kelurahan == Kelurahan(name: "Manggar")!)
            let expected = try MonthlyReport(Dataset(state: state, standards: try GrowthStandards.bundled(), options: options),
                                             month: ReportMonth(year: 2025, month: 3), posyandu: "Melati 3").html()
            #expect(page.body == expected)
            #expect(page.body.contains("Melati 3") && !page.body.contains("Mawar 1") && page.body.contains("Siti Aminah"))
            // The policy stays the app's, plus exactly the hash of the report's stylesheet.
            let csp = try #require(page.header("Content-Security-Policy"))
            let css = try #require(expected.range(of: "<style>").flatMap { open in
                expected.range(of: "</style>", range: open.upperBound..<expected.endIndex).map { String(expected[open.upperBound..<$0.lowerBound]) } })
            let hash = Data(SHA256.hash(data: Data(css.utf8))).base64EncodedString()
            #expect(csp == AppGuard.contentSecurityPolicy.replacingOccurrences(of: "style-src 'self'", with: "style-src 'self' 'sha256-\(hash)'"))
            // Every other page keeps the plain policy.
            #expect(form.header("Content-Security-Policy") == AppGuard.contentSecurityPolicy)

            let bad = try await app.send("GET", "/laporan?bulan=13%2F2025", [("Cookie", s.cookie)])
            #expect(bad.status == 422 && bad.body.contains("13/2025") && bad.body.contains("tidak dikenal: tulis MM/YYYY"))
            let all = try await app.send("GET", "/laporan?bulan=2025-03", [("Cookie", s.cookie)])
            #expect(all.status == 200 && all.body.contains("Melati 3") && all.body.contains("Mawar 1"))
        }
    }
}
