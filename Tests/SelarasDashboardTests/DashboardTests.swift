import Foundation
import SelarasAnthro
import SelarasDashboard
import SelarasExport
import SelarasExporters
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

/// The figures of a rendered page: `data-metric`, `data-kelurahan`, `data-month` → `data-value`.
func figures(in html: String) -> [String: String] {
    var out: [String: String] = [:]
    let pattern = #"<(?:data|circle) [^>]*?data-metric="([^"]*)" data-value="([^"]*)"(?: data-kelurahan="([^"]*)")?(?: data-month="([^"]*)")?"#
    let re = try! NSRegularExpression(pattern: pattern)
    let ns = html as NSString
    for m in re.matches(in: html, range: NSRange(location: 0, length: ns.length)) {
        func g(_ i: Int) -> String { m.range(at: i).location == NSNotFound ? "" : ns.substring(with: m.range(at: i)) }
        out["\(g(1))|\(g(3))|\(g(4))"] = g(2)
    }
    return out
}

/// The same figures the page must show, read from an office-tier dataset's `indicators` table.
func indicatorRows(_ state: ConsolidatedState) throws -> [[String: String]] {
    var options = DatasetOptions(pseudonymKey: Array(repeating: 1, count: 32))
    options.tier = .office
    let table = try #require(Dataset(state: state, standards: try GrowthStandards.bundled(), options: options).table("indicators"))
    var rows: [[String: String]] = []
    table.forEachRow { row in
        rows.append(Dictionary(uniqueKeysWithValues: zip(table.schema.columns.map(\.name), row.map(\.text))))
    }
    return rows
}

@Suite struct DashboardSnapshotTests {
    @Test(arguments: ["2025-02", "2024-09", "2025-03"])
    func figuresEqualTheIndicatorsExport(_ monthText: String) throws {
        let g = try GeneratedStore()
        defer { g.store.close(); g.directory.cleanup() }
        let month = try #require(DashboardMonth(monthText))
        let snap = try DashboardSnapshot(store: g.store, devices: nil, month: month, takenAt: 0)
        let html = DashboardPage(options: .init(actionsEnabled: false)).render(snap)
        let shown = figures(in: html)
        let rows = try indicatorRows(try ConsolidatedState(store: g.store))
        #expect(snap.kelurahan.count == 34)
        let window = Set(month.trailing(12).map(\.description))
        var compared = 0
        for kel in GeneratedStore.kelurahan.map(\.name) {
            let row = rows.first { $0["kelurahan"] == kel && $0["month"] == monthText }
            for (metric, column) in [("S", "s"), ("D", "d"), ("D/S", "d_over_s_pct"), ("stunting_pct", "stunting_pct"),
                                     ("stunted", "stunted"), ("measured_haz", "measured_haz")] {
                // No row for the month: the counts are zero, the percentages empty.
                let none = column.hasSuffix("_pct") ? "" : "0"
                #expect(shown["\(metric)|\(kel)|\(monthText)"] == (row?[column] ?? none), "\(kel) \(monthText) \(metric)")
                compared += 1
            }
            // D counted by the test itself: the children weighed in the month.
            #expect(row?["d"] == String(g.weighed[kel]?[monthText]?.count ?? 0), "\(kel) \(monthText) D by hand")
            // The trend: a dot per month of the window with a prevalence.
            for r in rows where r["kelurahan"] == kel && window.contains(r["month"]!) {
                #expect(shown["stunting_pct|\(kel)|\(r["month"]!)"] == r["stunting_pct"]!, "\(kel) trend \(r["month"]!)")
            }
        }
        #expect(compared == 12)
        // Some children are stunted, so the prevalence is not trivially zero or empty everywhere.
        #expect(rows.contains { ($0["stunted"].flatMap { Int($0) } ?? 0) > 0 })
    }

    @Test func totalsAreThoseOfStatus() throws {
        let g = try GeneratedStore()
        defer { g.store.close(); g.directory.cleanup() }
        let state = try ConsolidatedState(store: g.store)
        let snap = try DashboardSnapshot(store: g.store, state: state, devices: nil, month: DashboardMonth("2025-01")!, takenAt: 0)
        let counts = state.counts()
        #expect(snap.totals.children == counts[.child]!.active)
        #expect(snap.totals.growthChecks == counts[.growthCheck]!.active)
        #expect(snap.totals.events == g.store.versionVector.totalEvents)
        #expect(snap.totals.eventsWaiting == 0)
        #expect(snap.conflicts.count == 1)
        #expect(snap.conflicts.first?.field == "posyandu")
        #expect(snap.conflicts.first?.values.count == 2)
        #expect(snap.duplicates.count == 1)
        let shown = figures(in: DashboardPage().render(snap))
        #expect(shown["children||"] == String(counts[.child]!.active))
        #expect(shown["events||"] == String(g.store.versionVector.totalEvents))
        #expect(shown["open_conflicts||"] == "1")
        #expect(shown["open_duplicates||"] == "1")
    }

    @Test func waitingEventsPerKelurahan() throws {
        let manggar = Kelurahan(name: "Manggar")!, sepinggan = Kelurahan(name: "Sepinggan Baru")!
        let a = StreamID(origin: ReplicaID(rawValue: 1), kelurahanCode: manggar.code)
        let b = StreamID(origin: ReplicaID(rawValue: 2), kelurahanCode: manggar.code)
        let c = StreamID(origin: ReplicaID(rawValue: 3), kelurahanCode: sepinggan.code)
        let segments = [
            WaitingSegment(stream: a, firstSeq: 10, lastSeq: 20, missingFrom: 5),   // 11 held
            WaitingSegment(stream: a, firstSeq: 15, lastSeq: 25, missingFrom: 5),   // overlaps: 5 more
            WaitingSegment(stream: b, firstSeq: 3, lastSeq: 4, missingFrom: 2),     // 2
            WaitingSegment(stream: c, firstSeq: 7, lastSeq: 9, missingFrom: 8),     // 8…9 above the store: 2
        ]
        #expect(WaitingSegment.eventsWaiting(segments) == [manggar.code: 18, sepinggan.code: 2])
        let snap = DashboardSnapshot(
            state: ConsolidatedState(), versionVector: VersionVector([a: 4, b: 1, c: 7]), waiting: segments,
            replicaLabel: "office", replicaKelurahan: manggar, devices: nil, month: DashboardMonth("2025-01")!,
            standards: try GrowthStandards.bundled(), pseudonymKey: Array(repeating: 1, count: 32), takenAt: 0)
        #expect(snap.totals.eventsWaiting == 20)
        let shown = figures(in: DashboardPage().render(snap))
        #expect(shown["events_waiting|Manggar|"] == "18")
        #expect(shown["events_waiting|Sepinggan Baru|"] == "2")
        #expect(shown["events_waiting||"] == "20")
        // No indicators at all: every count of the month is zero and every percentage empty.
        #expect(shown["S|Manggar|2025-01"] == "0")
        #expect(shown["D|Manggar|2025-01"] == "0")
        #expect(shown["D/S|Manggar|2025-01"] == "")
        #expect(shown["stunting_pct|Manggar|2025-01"] == "")
    }

    @Test(arguments: [("2025-01", true), ("1900-01", true), ("2200-12", true), ("2025-13", false), ("2025-00", false),
                      ("2025-1", false), ("25-01", false), ("2025-01-01", false), ("abcd-ef", false), ("", false), ("2201-01", false)])
    func monthParsing(_ text: String, _ valid: Bool) {
        #expect((DashboardMonth(text) != nil) == valid, "\(text)")
        if valid { #expect(DashboardMonth(text)?.description == text) }
    }

    @Test func monthArithmetic() throws {
        let jan = try #require(DashboardMonth("2025-01"))
        #expect(jan.adding(months: -1).description == "2024-12")
        #expect(jan.adding(months: 12).description == "2026-01")
        #expect(jan.trailing(12).map(\.description).first == "2024-02")
        #expect(jan.trailing(12).last == jan)
        #expect(DashboardMonth(LocalDate(year: 2024, month: 2, day: 29)!).description == "2024-02")
    }
}

@Suite struct DashboardPageTests {
    /// The hostile texts never appear raw, only escaped; no markup of theirs survives.
    @Test func everyTextIsEscaped() throws {
        let g = try GeneratedStore()
        defer { g.store.close(); g.directory.cleanup() }
        let devices = [
            DashboardDevice(id: "d1", role: "cadre", kelurahan: GeneratedStore.kelurahan[0], label: "Laptop <b>1</b> & \"x\"",
                            lastSync: 1_764_640_000_000),
            DashboardDevice(id: "d2\"><script>", role: "office<", kelurahan: nil, label: "Kantor 'A'", lastSync: nil, revoked: true),
        ]
        let snap = try DashboardSnapshot(store: g.store, devices: devices, month: DashboardMonth("2025-02")!, takenAt: 0)
        for options in [DashboardPage.Options(), .init(actionsEnabled: false, csrfToken: "t\"<", storeArgument: "my <store>")] {
            let html = DashboardPage(options: options).render(snap)
            #expect(!html.contains("<script"))
            #expect(!html.contains("<img"))
            #expect(!html.contains("<b>"))
            #expect(!html.contains("<i>"))
            #expect(!html.contains("<u>"))
            #expect(!html.contains("\u{1}"))
            #expect(html.contains("Posyandu &lt;Melati&gt; &amp; &quot;3&quot;"))
            #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Siti &amp; &#39;Aminah&#39;"))
            #expect(html.contains(HTMLTextOracle.escape(GeneratedStore.hostileLabel)))
            #expect(html.contains("Laptop &lt;b&gt;1&lt;/b&gt; &amp; &quot;x&quot;"))
            #expect(html.contains("data-device=\"d2&quot;&gt;&lt;script&gt;\""))
            #expect(html.contains("Pak &lt;u&gt;Andi&lt;/u&gt;"))
            // Every tag on the page is one the renderer writes.
            let allowed: Set<String> = ["!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
                                        "strong", "time", "section", "ul", "li", "span", "data", "table", "thead", "tbody", "tr", "th",
                                        "td", "br", "small", "svg", "line", "text", "polyline", "circle", "code", "form", "fieldset",
                                        "input", "button", "q", "a", "label"]
            let re = try NSRegularExpression(pattern: "<(!?[A-Za-z][A-Za-z0-9]*)")
            let tags = Set(re.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { String(html[Range($0.range(at: 1), in: html)!]) })
            #expect(tags.isSubset(of: allowed), "unexpected tags: \(tags.subtracting(allowed))")
        }
    }

    /// Nothing on the page points outside it: no http(s) URL, no script, stylesheet link, image or font.
    @Test func noExternalReferences() throws {
        let g = try GeneratedStore()
        defer { g.store.close(); g.directory.cleanup() }
        let snap = try DashboardSnapshot(store: g.store, devices: [], month: DashboardMonth("2025-03")!, takenAt: 0)
        for options in [DashboardPage.Options(), .init(actionsEnabled: false)] {
            let html = DashboardPage(options: options).render(snap)
            #expect(!html.contains("http://"))
            #expect(!html.contains("https://"))
            #expect(!html.contains("<script"))
            #expect(!html.contains("<link"))
            #expect(!html.contains("url("))
            #expect(!html.contains("@import"))
            #expect(!html.contains("@font-face"))
            // URL attributes of real tags (the hostile name's "src=x" is escaped text, not a tag).
            #expect(html.range(of: #"<[a-z]+[^<>]*\ssrc="#, options: .regularExpression) == nil)
            for attr in ["href", "action"] {
                let re = try NSRegularExpression(pattern: "<[a-z]+[^<>]*\\s\(attr)=\"([^\"]*)\"")
                for m in re.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                    let v = String(html[Range(m.range(at: 1), in: html)!])
                    #expect(v.hasPrefix("/v1/") || v.hasPrefix("/dashboard") || v.hasPrefix("/laporan?"), "\(attr)=\(v)")
                }
            }
        }
    }

    /// With a hub: live forms posting the documented fields, live download links; without:
    /// disabled forms and the equivalent commands.
    @Test func actionsFollowTheHubContract() throws {
        let g = try GeneratedStore()
        defer { g.store.close(); g.directory.cleanup() }
        let snap = try DashboardSnapshot(store: g.store, devices: [], month: DashboardMonth("2025-03")!, takenAt: 0)
        let conflict = try #require(snap.conflicts.first), dup = try #require(snap.duplicates.first)
        let hub = DashboardPage(options: .init(basePath: "/hub", csrfToken: "tok")).render(snap)
        #expect(hub.contains("<form method=\"post\" action=\"/hub/v1/conflicts/resolve\">"))
        #expect(hub.contains("<input type=\"hidden\" name=\"entity\" value=\"\(conflict.entity)\"><input type=\"hidden\" name=\"field\" value=\"posyandu\">"))
        #expect(hub.contains("<input name=\"value\" required"))
        #expect(hub.contains("<form method=\"post\" action=\"/hub/v1/duplicates/decide\"><input type=\"hidden\" name=\"csrf\" value=\"tok\">"
                             + "<input type=\"hidden\" name=\"a\" value=\"\(dup.first.id)\"><input type=\"hidden\" name=\"b\" value=\"\(dup.second.id)\">"))
        #expect(hub.contains("name=\"decision\" value=\"same\""))
        #expect(hub.contains("name=\"decision\" value=\"not-same\""))
        #expect(!hub.contains("<fieldset disabled>"))
        for link in ExportLink.all {
            #expect(hub.contains("href=\"/hub/v1/exports/\(link.format)?tier=\(link.tier.rawValue)\""))
        }
        #expect(Set(ExportLink.all.map(\.tier)) == [.office, .analyst])
        let offline = DashboardPage(options: .init(actionsEnabled: false, storeArgument: "office dir")).render(snap)
        #expect(offline.contains("<fieldset disabled>"))
        #expect(!offline.contains("href="))
        #expect(offline.contains("selaras same-as \(dup.first.id) \(dup.second.id) --store &#39;office dir&#39;"))
        #expect(offline.contains("selaras resolve \(conflict.entity) posyandu &#39;Posyandu"))
    }

    @Test func devicesAppearInTheirKelurahan() throws {
        let manggar = Kelurahan(name: "Manggar")!, klandasan = Kelurahan(name: "Klandasan Ilir")!
        let devices = [
            DashboardDevice(id: "aa", role: "cadre", kelurahan: manggar, label: "lap1", lastSync: 1_764_640_000_000),
            DashboardDevice(id: "bb", role: "cadre", kelurahan: klandasan, label: "lap9", lastSync: nil),
            DashboardDevice(id: "cc", role: "analyst", kelurahan: nil, label: "analis", lastSync: nil),
        ]
        let snap = DashboardSnapshot(
            state: ConsolidatedState(), versionVector: VersionVector(), waiting: [], replicaLabel: "office",
            replicaKelurahan: manggar, devices: devices, month: DashboardMonth("2025-12")!,
            standards: try GrowthStandards.bundled(), pseudonymKey: Array(repeating: 1, count: 32), takenAt: 0)
        // Every kelurahan has its line; the laptops are in theirs.
        #expect(snap.kelurahan.map(\.kelurahan) == Kelurahan.all)
        #expect(snap.kelurahan.filter { !$0.devices.isEmpty }.map(\.kelurahan) == [klandasan, manggar])
        #expect(snap.kelurahan.filter { !$0.devices.isEmpty }.map { $0.devices.map(\.id) } == [["bb"], ["aa"]])
        #expect(snap.otherDevices.map(\.id) == ["cc"])
        #expect(snap.hasHub)
        let html = DashboardPage().render(snap)
        // Times in WITA (UTC+8): 01:46 UTC is 09:46 in Balikpapan.
        #expect(html.contains("<time datetime=\"2025-12-02T09:46:40+08:00\" data-metric=\"last_sync\" data-device=\"aa\">2025-12-02 09:46 WITA</time>"))
        #expect(html.contains("lap9</span> <small>(kader) sinkron terakhir: belum pernah"))
        #expect(html.contains("analis</span> <small>(analis) hanya mengunduh ekspor</small>"))
    }

    @Test func labelsAreAllTranslated() {
        for label in DashboardLabel.allCases {
            #expect(!label.text.indonesian.isEmpty && !label.text.english.isEmpty, "\(label)")
        }
        #expect(Set(DashboardLabel.allCases.map(\.text.indonesian)).count == DashboardLabel.allCases.count)
        #expect(DashboardLabel.evidence("same NIK") == "NIK sama")
        #expect(DashboardLabel.evidence("same name, birth date and kelurahan") == "nama, tanggal lahir dan kelurahan sama")
        #expect(DashboardLabel.evidence("something new") == "something new")
    }

    @Test("every built-in export format is described in Indonesian; a format added later keeps its exporter's summary")
    func formatDescriptions() {
        for exporter in ExporterRegistry.all {
            let text = DashboardLabel.formatDescription(exporter.format, summary: exporter.summary)
            #expect(text != exporter.summary, "\(exporter.format) has no Indonesian description")
        }
        #expect(DashboardLabel.formatDescription("tsv", summary: "tab-separated text") == "tab-separated text")
    }
}

/// An independent escaper for the expectations (the five characters HTML needs).
enum HTMLTextOracle {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
