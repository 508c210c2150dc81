import Foundation
import Testing

/// `selaras dashboard` end to end: a page for a store, the month it was asked for, bad input.
@Suite("CLI: dashboard")
struct DashboardCommandTests {
    @Test("writes one self-contained page for the month, with the store's totals and the child's name escaped")
    func writesThePage() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        let child = try cli.ok(["child", "add", "--store", store, "--name", "Siti <Aminah> & \"Putri\"", "--sex", "P",
                                "--born", "2024-03-02", "--mother", "Rahmawati"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.ok(["check", "add", "--store", store, "--child", child, "--date", "2025-01-15", "--weight", "8.4",
                    "--length", "71.0", "--position", "lying"])
        let out = cli.path("dash.html")
        let r = try cli.ok(["dashboard", "--store", store, "--out", out, "--month", "2025-01"])
        #expect(r.stdout.contains("dashboard for 2025-01"), "\(r)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<strong data-month=\"2025-01\" id=\"month\">Januari 2025</strong>"))
        #expect(html.contains("data-metric=\"children\" data-value=\"1\""))
        #expect(html.contains("data-metric=\"S\" data-value=\"1\" data-kelurahan=\"Manggar\" data-month=\"2025-01\""))
        #expect(html.contains("data-metric=\"D\" data-value=\"1\" data-kelurahan=\"Manggar\" data-month=\"2025-01\""))
        #expect(!html.contains("https://") && !html.contains("http://"))
        #expect(!html.contains("<script"))
        // Without a hub the actions are shown as commands naming the store.
        #expect(html.contains("--store \(store)"))
    }

    @Test("without --month the page is for the last complete month in Balikpapan, with all 34 kelurahan")
    func defaultMonth() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        let out = cli.path("dash.html")
        let r = try cli.ok(["dashboard", "--store", store, "--out", out])
        // The oracle: the month before today's in UTC+8, computed here with Foundation's calendar.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let lastMonth = calendar.date(byAdding: .month, value: -1, to: Date())!
        let c = calendar.dateComponents([.year, .month], from: lastMonth)
        let expected = String(format: "%04d-%02d", c.year!, c.month!)
        #expect(r.stdout.contains("dashboard for \(expected) → \(out) (34 kelurahan"), "\(r)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("<strong data-month=\"\(expected)\" id=\"month\">"))
    }

    @Test("a bad --month exits 2 naming the value; a missing store exits 1; nothing is written")
    func badInput() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        for bad in ["2025-13", "2025-1", "januari"] {
            let r = try cli.run(["dashboard", "--store", store, "--out", cli.path("x.html"), "--month", bad])
            #expect(r.status == 2, "\(r)")
            #expect(r.stderr.contains("--month: '\(bad)' is not a month YYYY-MM"), "\(r)")
        }
        // A month that has not begun in Balikpapan is refused, naming the last month allowed.
        let next = try cli.run(["dashboard", "--store", store, "--out", cli.path("x.html"), "--month", "2100-01"])
        #expect(next.status == 2, "\(next)")
        #expect(next.stderr.contains("--month: '2100-01' has not begun yet in Balikpapan; allowed: a month up to "), "\(next)")
        let missing = try cli.run(["dashboard", "--store", cli.path("nope"), "--out", cli.path("x.html")])
        #expect(missing.status == 1, "\(missing)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("x.html")))
    }
}
