import Foundation
import SelarasAnthro
import SelarasDashboard
import SelarasMerge
import SelarasModel
import Testing

/// The office's rules for the page: the month asked for or the last complete one, all 34
/// kelurahan by kecamatan, the 7-day flag, WITA, devices by label, the chart's axis values, a
/// layout that stacks on a phone, no analyst "never synced".
@Suite struct DashboardRulesTests {
    static let key = Array(repeating: UInt8(1), count: 32)

    static func snapshot(devices: [DashboardDevice]?, month: String = "2025-11", takenAt: Int64 = 0,
                         state: ConsolidatedState = ConsolidatedState(), vector: VersionVector = VersionVector(),
                         replicaID: ReplicaID? = nil, label: String = "Kantor Dinkes") throws -> DashboardSnapshot {
        DashboardSnapshot(state: state, versionVector: vector, waiting: [], replicaLabel: label,
                          replicaKelurahan: Kelurahan(name: "Manggar")!, devices: devices, month: try #require(DashboardMonth(month)),
                          standards: try GrowthStandards.bundled(), pseudonymKey: key, takenAt: takenAt, replicaID: replicaID)
    }

    /// The page's visible text: tags and their attributes removed.
    static func visibleText(_ html: String) -> String {
        html.replacingOccurrences(of: "<style>[\\s\\S]*?</style>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    // MARK: the month

    @Test("no month asked: the last complete month in Balikpapan", arguments: [
        ("2026-03-15", "2026-02"), ("2026-01-01", "2025-12"), ("2024-03-31", "2024-02"), ("2026-12-03", "2026-11"),
    ])
    func defaultIsTheLastCompleteMonth(_ today: String, _ expected: String) throws {
        let day = try #require(LocalDate(today))
        #expect(DashboardMonth.lastComplete(today: day).description == expected)
        #expect(try DashboardMonth.requested(nil, field: "month", today: day).description == expected)
        #expect(try DashboardMonth.requested("", field: "month", today: day).description == expected)
    }

    @Test("a month asked for is shown, up to this month")
    func askedMonth() throws {
        let today = try #require(LocalDate("2026-12-03"))
        #expect(try DashboardMonth.requested("2025-01", field: "month", today: today).description == "2025-01")
        #expect(try DashboardMonth.requested("2026-12", field: "month", today: today).description == "2026-12")
    }

    @Test("a month that is not YYYY-MM, or has not begun, is refused in one sentence naming the field and value",
          arguments: [("2025-13", DashboardMonthError.Code.notAMonth), ("2025-1", .notAMonth), ("januari", .notAMonth),
                      ("2027-01", .future), ("2026-12-01", .notAMonth)])
    func refusedMonth(_ text: String, _ code: DashboardMonthError.Code) throws {
        let today = try #require(LocalDate("2026-12-03"))
        let error = #expect(throws: DashboardMonthError.self) { try DashboardMonth.requested(text, field: "--month", today: today) }
        #expect(error?.code == code)
        #expect(error?.message.hasPrefix("--month: '\(text)'") == true, "\(String(describing: error?.message))")
        #expect(error?.message.contains("\n") == false)
        if code == .future { #expect(error?.message.contains("up to 2026-12") == true) }
    }

    @Test("the hub's page has a month picker (GET form) and links to the month before and after; the file shows the command")
    func monthPicker() throws {
        // Shown on 2026-12-03 09:00 WITA, the month 2026-11: a next month (2026-12) exists, none after it.
        let now: Int64 = 1_796_259_600_000
        let snap = try Self.snapshot(devices: [], month: "2026-11", takenAt: now)
        let hub = DashboardPage(options: .init(basePath: "/hub", now: now)).render(snap)
        #expect(hub.contains("<form method=\"get\" action=\"/hub/dashboard\" id=\"pilih-bulan\" class=\"picker\">"))
        #expect(hub.contains("<input type=\"month\" id=\"bulan\" name=\"month\" value=\"2026-11\" min=\"1900-01\" max=\"2026-12\" required>"))
        #expect(hub.contains("href=\"/hub/dashboard?month=2026-10\" rel=\"prev\""))
        #expect(hub.contains("href=\"/hub/dashboard?month=2026-12\" rel=\"next\""))
        let december = DashboardPage(options: .init(now: now)).render(try Self.snapshot(devices: [], month: "2026-12", takenAt: now))
        #expect(!december.contains("rel=\"next\""), "no link to a month that has not begun")
        let file = DashboardPage(options: .init(actionsEnabled: false, storeArgument: "office", now: now)).render(snap)
        #expect(file.contains("id=\"pilih-bulan\" class=\"picker\"><fieldset disabled>"))
        #expect(file.contains("selaras dashboard --month 2026-11 --out dasbor.html --store office"))
    }

    // MARK: all kelurahan

    @Test("every kelurahan of the city's list is a row, under its kecamatan, in the list's order, with zeros where there is no data")
    func allKelurahanByKecamatan() throws {
        // The oracle: the CSV copy of the city's list in Fixtures/, read here, not SelarasModel's table.
        let csv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/balikpapan/kelurahan.csv")
        let lines = try String(contentsOf: csv, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        let expected = lines.map { $0.split(separator: ",", maxSplits: 1).map(String.init) }
        #expect(expected.count == 34)
        let html = DashboardPage().render(try Self.snapshot(devices: []))
        // Rows in page order, each with the kecamatan of the tbody it sits in.
        var rows: [[String]] = []
        let body = try NSRegularExpression(pattern: "<tbody data-kecamatan=\"([^\"]*)\">([\\s\\S]*?)</tbody>")
        let row = try NSRegularExpression(pattern: "<tr data-kelurahan=\"([^\"]*)\" data-kelurahan-code=\"[0-9]+\" data-kecamatan=\"([^\"]*)\">")
        let ns = html as NSString
        var headings: [String] = []
        for b in body.matches(in: html, range: NSRange(location: 0, length: ns.length)) {
            let kecamatan = ns.substring(with: b.range(at: 1)), inner = ns.substring(with: b.range(at: 2))
            headings.append(kecamatan)
            #expect(inner.contains("<tr class=\"kecamatan\"><th colspan=\"8\" scope=\"rowgroup\">Kecamatan \(kecamatan)</th></tr>"))
            let ins = inner as NSString
            for r in row.matches(in: inner, range: NSRange(location: 0, length: ins.length)) {
                #expect(ins.substring(with: r.range(at: 2)) == kecamatan)
                rows.append([kecamatan, ins.substring(with: r.range(at: 1))])
            }
        }
        #expect(rows == expected)
        #expect(headings == ["Balikpapan Barat", "Balikpapan Kota", "Balikpapan Selatan", "Balikpapan Tengah", "Balikpapan Timur",
                             "Balikpapan Utara"])
        let shown = figures(in: html)
        for r in expected {
            #expect(shown["S|\(r[1])|2025-11"] == "0", "\(r[1])")
            #expect(shown["D|\(r[1])|2025-11"] == "0", "\(r[1])")
            #expect(shown["events_waiting|\(r[1])|"] == "0", "\(r[1])")
        }
    }

    // MARK: laptops

    @Test("a cadre's laptop not synced for 7 days (or never) is flagged and counted; a revoked one, the office and analysts are not")
    func overdueLaptops() throws {
        let day: Int64 = 86_400_000, now: Int64 = 1_796_259_600_000
        let manggar = Kelurahan(name: "Manggar")!
        let devices = [
            DashboardDevice(id: "a1", role: "cadre", kelurahan: manggar, label: "lap-8-hari", lastSync: now - 8 * day),
            DashboardDevice(id: "a2", role: "cadre", kelurahan: manggar, label: "lap-7-hari", lastSync: now - 7 * day),
            DashboardDevice(id: "a3", role: "cadre", kelurahan: manggar, label: "lap-6-hari", lastSync: now - 6 * day - 23 * 3_600_000),
            DashboardDevice(id: "a4", role: "cadre", kelurahan: manggar, label: "lap-baru", lastSync: nil),
            DashboardDevice(id: "a5", role: "cadre", kelurahan: manggar, label: "lap-dicabut", lastSync: now - 30 * day, revoked: true),
            DashboardDevice(id: "o1", role: "office", kelurahan: nil, label: "kantor", lastSync: now - 30 * day),
            DashboardDevice(id: "n1", role: "analyst", kelurahan: nil, label: "analis-bps", lastSync: nil),
        ]
        #expect(devices.map { $0.syncOverdue(now: now) } == [true, true, false, true, false, false, false])
        let html = DashboardPage(options: .init(now: now)).render(try Self.snapshot(devices: devices, takenAt: now - 40 * day))
        let shown = figures(in: html)
        #expect(shown["laptops_overdue||"] == "3")
        for id in ["a1", "a2", "a4"] { #expect(html.contains("data-device=\"\(id)\" data-overdue=\"true\"")) }
        for id in ["a3", "a5", "o1", "n1"] { #expect(html.contains("data-device=\"\(id)\" data-overdue=\"false\"")) }
        #expect(html.contains("lap-8-hari</span>") && html.contains("<strong class=\"overdue\">tidak sinkron ≥ 7 hari</strong>"))
        #expect(html.contains("lap-baru</span> <small>(kader) sinkron terakhir: belum pernah</small> <strong class=\"overdue\">belum pernah sinkron</strong>"))
        // The analyst only downloads: never listed as "never synced".
        #expect(html.contains("analis-bps</span> <small>(analis) hanya mengunduh ekspor</small></li>"))
        #expect(!html.contains("analis-bps</span> <small>(analis) sinkron terakhir"))
        // Without a hub there is no device list and no count.
        #expect(figures(in: DashboardPage().render(try Self.snapshot(devices: nil)))["laptops_overdue||"] == nil)
    }

    @Test("times are written in WITA (UTC+8, no daylight saving), also across midnight and the year's end", arguments: [
        (Int64(1_764_640_000_000), "2025-12-02T09:46:40+08:00", "2025-12-02 09:46 WITA"),
        (Int64(1_767_198_600_000), "2026-01-01T00:30:00+08:00", "2026-01-01 00:30 WITA"),   // 2025-12-31 16:30 UTC
        (Int64(1_751_328_000_000), "2025-07-01T08:00:00+08:00", "2025-07-01 08:00 WITA"),   // mid-year: still +8
    ])
    func timesInWITA(_ ms: Int64, _ iso: String, _ shown: String) throws {
        let devices = [DashboardDevice(id: "d", role: "cadre", kelurahan: Kelurahan(name: "Manggar")!, label: "lap", lastSync: ms)]
        let html = DashboardPage(options: .init(now: ms)).render(try Self.snapshot(devices: devices, takenAt: ms))
        #expect(html.contains("<time datetime=\"\(iso)\" data-metric=\"last_sync\" data-device=\"d\">\(shown)</time>"))
        #expect(html.contains("Data per <time datetime=\"\(iso)\">\(shown)</time>"))
        #expect(!html.contains(" UTC<"))
    }

    @Test("streams are shown by the device's label (or this replica's), never by the replica's hex id")
    func devicesByLabel() throws {
        let manggar = Kelurahan(name: "Manggar")!
        let own = ReplicaID(rawValue: 0x1111_2222_3333_4444), laptop = ReplicaID(rawValue: 0x5555_6666_7777_8888)
        let stranger = ReplicaID(rawValue: 0x9999_aaaa_bbbb_cccc)
        let vector = VersionVector([StreamID(origin: own, kelurahanCode: manggar.code): 3,
                                    StreamID(origin: laptop, kelurahanCode: manggar.code): 5,
                                    StreamID(origin: stranger, kelurahanCode: manggar.code): 2])
        let devices = [DashboardDevice(id: laptop.description, role: "cadre", kelurahan: manggar, label: "Laptop Posyandu Melati", lastSync: nil)]
        let snap = try Self.snapshot(devices: devices, vector: vector, replicaID: own)
        let html = DashboardPage().render(snap)
        let text = Self.visibleText(html)
        #expect(text.contains("Kantor Dinkes 3"))
        #expect(text.contains("Laptop Posyandu Melati 5"))
        #expect(text.contains("laptop yang tidak terdaftar di hub ini 2"))
        for id in [own, laptop, stranger] {
            #expect(!text.contains(id.description), "the hex id \(id) is visible")
            // …but stays machine-readable for the checker.
            #expect(html.contains("data-stream=\"\(StreamID(origin: id, kelurahanCode: manggar.code))\""))
        }
    }

    // MARK: the chart and the layout

    @Test("the trend chart writes its axis values: 0 %, 20 % and the scale's top, and the months")
    func chartAxes() throws {
        let month = try #require(DashboardMonth("2025-03"))
        let snap = try Self.snapshot(devices: nil, month: "2025-03")
        let html = DashboardPage().render(snap)
        let manggar = try #require(html.range(of: "data-kelurahan=\"Manggar\" data-metric=\"stunting_trend\""))
        let end = try #require(html.range(of: "</svg>", range: manggar.upperBound..<html.endIndex))
        let svg = String(html[manggar.lowerBound..<end.lowerBound])
        for v in ["0 %", "20 %", "30 %"] { #expect(svg.contains("data-axis=\"y\"") && svg.contains(">\(v)</text>"), "\(v)") }
        // Every other month counted back from the shown one is named, the shown one always.
        let named = month.trailing(12).enumerated().filter { (11 - $0.offset) % 2 == 0 }.map(\.element)
        #expect(named.count == 6 && named.last == month)
        for m in named { #expect(svg.contains("data-axis-month=\"\(m)\""), "\(m)") }
        #expect(svg.contains(">Mar</text>") && svg.contains(">Jan 25</text>"))
    }

    @Test("on a narrow screen every table stacks: one block per row, each cell headed by its column")
    func narrowLayout() throws {
        let html = DashboardPage().render(try Self.snapshot(devices: []))
        let media = try #require(html.range(of: "@media (max-width: 700px)"))
        let rules = String(html[media.upperBound...])
        #expect(rules.contains("table, thead, tbody, tr, th, td { display: block; width: 100%; }"))
        #expect(rules.contains("thead { display: none; }"))
        #expect(rules.contains("td[data-label]::before { content: attr(data-label);"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        // Every cell of a kelurahan row names its column.
        #expect(html.contains("<td data-label=\"Laptop terdaftar dan sinkronisasi terakhir\">"))
        #expect(html.contains("<td class=\"num\" data-label=\"S (sasaran balita)\">"))
        #expect(html.contains("<td data-label=\"Tren 12 bulan\">"))
    }

    @Test("each kelurahan links to its monthly report for the page's month; the file shows the command")
    func reportLinks() throws {
        let snap = try Self.snapshot(devices: [], month: "2025-11")
        let hub = DashboardPage(options: .init(basePath: "/hub")).render(snap)
        #expect(hub.contains("href=\"/hub/laporan?month=2025-11&amp;kelurahan=Gunung%20Samarinda%20Baru\""))
        #expect(hub.contains("href=\"/hub/laporan?month=2025-11\" data-report=\"\">Laporan bulanan semua posyandu</a>"))
        #expect(hub.components(separatedBy: "class=\"report\"").count - 1 == 35)
        let file = DashboardPage(options: .init(actionsEnabled: false, storeArgument: "office")).render(snap)
        #expect(file.contains("selaras report --month 2025-11 --kelurahan &#39;Gunung Samarinda Baru&#39; --out laporan.html --store office"))
        #expect(!file.contains("href="))
    }

    @Test("new devices on a kept snapshot give the page a fresh snapshot with those devices would give")
    func replacingDevicesKeepsTheFigures() throws {
        let g = try GeneratedStore()
        defer { g.store.close(); g.directory.cleanup() }
        let manggar = GeneratedStore.kelurahan[0], sepinggan = GeneratedStore.kelurahan[1]
        let day: Int64 = 86_400_000, now: Int64 = 1_796_259_600_000
        let before = [DashboardDevice(id: "l1", role: "cadre", kelurahan: manggar, label: "lap1", lastSync: now - 9 * day),
                      DashboardDevice(id: "n1", role: "analyst", kelurahan: nil, label: "analis", lastSync: nil)]
        let after = [DashboardDevice(id: "l1", role: "cadre", kelurahan: manggar, label: "lap1", lastSync: now - 1000),
                     DashboardDevice(id: "l2", role: "cadre", kelurahan: sepinggan, label: "lap2", lastSync: nil),
                     DashboardDevice(id: "n1", role: "analyst", kelurahan: nil, label: "analis", lastSync: nil)]
        let month = try #require(DashboardMonth("2025-02"))
        let kept = try DashboardSnapshot(store: g.store, devices: before, month: month, takenAt: now - day)
        let replaced = kept.replacingDevices(after, takenAt: now)
        let fresh = try DashboardSnapshot(store: g.store, devices: after, month: month, takenAt: now)
        let page = DashboardPage(options: .init(csrfToken: "t", now: now))
        #expect(page.render(replaced) == page.render(fresh))
        #expect(page.render(replaced) != page.render(kept), "the devices did change")
        #expect(figures(in: page.render(replaced))["laptops_overdue||"] == "1")
        #expect(figures(in: page.render(kept))["laptops_overdue||"] == "1")
    }
}
