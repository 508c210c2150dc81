import Foundation
import SelarasAnthro
import SelarasDashboard
import SelarasExportEPPGBM
import SelarasHub
import SelarasHubClient
import SelarasHubProtocol
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasReport
import SelarasTestSupport
import Testing

/// The hub's dashboard honours `?month=`, and serves the monthly report at `/laporan` (the same
/// page as `selaras report`), over real HTTP on loopback.
@Suite struct DashboardMonthReportTests {
    /// An office laptop with three children in its kelurahan, weighed in January and February 2025
    /// (two in January, three in February), synced to the hub; and a dashboard session cookie.
    static func prepared(_ fx: HubFixture) async throws -> (office: Store, cookie: String, kelurahan: Kelurahan) {
        let (office, link) = try await fx.enrolled("office", role: .office)
        let kel = SampleRecords.kelurahan
        let made = try office.record((0..<3).map { n in
            .create(.child, SampleRecords.child(name: "Anak \(n)", born: LocalDate(year: 2023, month: 3 + n, day: 9)!),
                    kelurahanCode: kel.code, author: "Bu Rina")
        })
        let children = made.map { EntityID(kind: .child, origin: $0.dot) }
        var checks: [EventDraft] = []
        for (n, child) in children.enumerated() {
            if n < 2 {
                checks.append(.create(.growthCheck, SampleRecords.growthCheck(child: child, measured: LocalDate(year: 2025, month: 1, day: 10)!,
                                                                             weightTenths: 100, lengthTenths: 800), kelurahanCode: kel.code, author: "Bu Rina"))
            }
            checks.append(.create(.growthCheck, SampleRecords.growthCheck(child: child, measured: LocalDate(year: 2025, month: 2, day: 12)!,
                                                                         weightTenths: n == 0 ? 100 : 104, lengthTenths: 810), kelurahanCode: kel.code, author: "Bu Rina"))
        }
        _ = try office.record(checks)
        _ = try await LaptopSync.sync(store: office, link: link)
        let code = try LoginCodes(registry: fx.hub.registryFile).create()
        let (_, headers, _) = try await exchange(fx.url + "/login?code=" + code)
        let cookie = String(try #require(headers["set-cookie"]).split(separator: ";")[0])
        return (office, cookie, kel)
    }

    /// A `<data>` figure's value on a page.
    static func figure(_ html: String, _ metric: String, kelurahan: String, month: String) -> String? {
        let pattern = "data-metric=\"\(NSRegularExpression.escapedPattern(for: metric))\" data-value=\"([^\"]*)\" "
            + "data-kelurahan=\"\(NSRegularExpression.escapedPattern(for: kelurahan))\" data-month=\"\(month)\""
        let ns = html as NSString
        guard let re = try? NSRegularExpression(pattern: pattern),
              let m = re.firstMatch(in: html, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return ns.substring(with: m.range(at: 1))
    }

    @Test("GET /dashboard?month= shows that month; without it, the last complete month; a bad or future month is 400")
    func monthPicker() async throws {
        try await withHub { fx in
            let (_, cookie, kel) = try await Self.prepared(fx)
            for (month, d) in [("2025-01", "2"), ("2025-02", "3")] {
                let (status, _, page) = try await exchange(fx.url + "/dashboard?month=" + month, cookie: cookie)
                #expect(status == 200)
                #expect(page.contains("<strong data-month=\"\(month)\" id=\"month\">"))
                #expect(page.contains("name=\"month\" value=\"\(month)\""))
                #expect(Self.figure(page, "D", kelurahan: kel.name, month: month) == d, "\(month)")
                // Every kelurahan is on the page, the others with zero.
                #expect(page.components(separatedBy: "<tr data-kelurahan=").count - 1 == 34)
                #expect(Self.figure(page, "D", kelurahan: "Teritip", month: month) == "0")
            }
            let (status, _, page) = try await exchange(fx.url + "/dashboard", cookie: cookie)
            let last = DashboardMonth.lastComplete().description
            #expect(status == 200 && page.contains("<strong data-month=\"\(last)\" id=\"month\">"))
            let future = DashboardMonth(LocalDate.today()).adding(months: 1).description
            for (bad, sentence) in [("2025-13", "month: '2025-13' is not a month YYYY-MM"), ("Januari", "month: 'Januari' is not a month YYYY-MM"),
                                    (future, "month: '\(future)' has not begun yet in Balikpapan")] {
                let (s, _, body) = try await exchange(fx.url + "/dashboard?month=" + bad, cookie: cookie)
                #expect(s == 400, "\(bad)")
                #expect(body.contains(sentence), "\(body)")
            }
            #expect(try await exchange(fx.url + "/dashboard?month=2025-01").0 == 401, "no session")
        }
    }

    @Test("GET /laporan serves the same page as `selaras report` (MonthlyReport), linked from the dashboard; bad input is 400")
    func monthlyReport() async throws {
        try await withHub { fx in
            let (office, cookie, kel) = try await Self.prepared(fx)
            let (_, _, dashboard) = try await exchange(fx.url + "/dashboard?month=2025-02", cookie: cookie)
            let link = "/laporan?month=2025-02&amp;kelurahan=" + kel.name.replacingOccurrences(of: " ", with: "%20")
            #expect(dashboard.contains("href=\"\(link)\""))
            let (status, headers, page) = try await exchange(fx.url + link.replacingOccurrences(of: "&amp;", with: "&"), cookie: cookie)
            #expect(status == 200)
            #expect(headers["content-type"] == "text/html; charset=utf-8")
            // The office laptop holds every event the hub holds: its report is the same page, byte for byte.
            let expected = try MonthlyReport(state: try ConsolidatedState(store: office), standards: try GrowthStandards.bundled(),
                                             pseudonymKey: office.derivedSecret(label: "pseudonyms"), month: try #require(ReportMonth("2025-02")),
                                             kelurahan: kel, posyandu: nil).html()
            #expect(page == expected)
            #expect(page.contains("Posyandu Melati") && page.contains("Februari 2025"))
            // MM/YYYY works too, and the posyandu filter.
            let (s2, _, byPosyandu) = try await exchange(fx.url + "/laporan?month=02/2025&posyandu=Posyandu%20Melati", cookie: cookie)
            #expect(s2 == 200 && byPosyandu.contains("Posyandu Melati"))
            // Only the office.
            #expect(try await exchange(fx.url + link.replacingOccurrences(of: "&amp;", with: "&")).0 == 401)
            for (query, sentence) in [("month=2025-13", "month: '2025-13' is not a month; allowed: YYYY-MM or MM/YYYY"),
                                      ("month=2025-02&kelurahan=Atlantis", "kelurahan: 'Atlantis' is not one of Balikpapan's 34 kelurahan"),
                                      ("month=2025-02&kelurahan=Manggar&posyandu=X", "kelurahan, posyandu: give one of them, not both")] {
                let (s, _, json) = try await exchange(fx.url + "/laporan?" + query, cookie: cookie)
                let body = json.replacingOccurrences(of: "\\/", with: "/")
                #expect(s == 400, "\(query)")
                #expect(body.contains(sentence), "\(body)")
            }
        }
    }

    @Test("a sync that brings nothing new changes the page's last sync without computing the figures again")
    func devicesOnlyChangeKeepsTheFigures() async throws {
        try await withHub { fx in
            let (a, linkA) = try await fx.enrolled("lap-a", role: .cadre)
            try record(a, 4)
            _ = try await LaptopSync.sync(store: a, link: linkA)
            let code = try LoginCodes(registry: fx.hub.registryFile).create()
            let (_, headers, _) = try await exchange(fx.url + "/login?code=" + code)
            let cookie = String(try #require(headers["set-cookie"]).split(separator: ";")[0])
            let (_, _, first) = try await exchange(fx.url + "/dashboard?month=2025-02", cookie: cookie)
            let made = await fx.hub.dashboardSnapshotsMade
            try await Task.sleep(for: .milliseconds(1100))
            _ = try await LaptopSync.sync(store: a, link: linkA)        // nothing new: only its last sync moves
            let (_, _, second) = try await exchange(fx.url + "/dashboard?month=2025-02", cookie: cookie)
            #expect(await fx.hub.dashboardSnapshotsMade == made, "the figures were kept")
            func lastSync(_ page: String) -> String? {
                page.range(of: #"datetime="[^"]*" data-metric="last_sync""#, options: .regularExpression).map { String(page[$0]) }
            }
            #expect(lastSync(first) != nil)
            #expect(lastSync(second) != lastSync(first), "the page shows the new sync")
            // A sync that brings an event computes them again.
            try record(a, 1, start: 10)
            _ = try await LaptopSync.sync(store: a, link: linkA)
            _ = try await exchange(fx.url + "/dashboard?month=2025-02", cookie: cookie)
            try await DashboardRefreshTests.eventually("the figures were computed again, off the request path") { await fx.hub.dashboardSnapshotsMade == made + 1 }
            #expect(await fx.hub.dashboardSnapshotsMade == made + 1)
        }
    }
}
