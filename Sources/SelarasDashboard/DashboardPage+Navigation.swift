import Foundation
import SelarasModel

/// The page's navigation: the month picker (`GET /dashboard?month=YYYY-MM`, a plain form, no
/// script) with links to the month before and after, and the links to the monthly report
/// (`GET /laporan?month=YYYY-MM[&kelurahan=NAME]`). Without a hub they are shown disabled with
/// the `selaras dashboard --month` / `selaras report` command that does the same.
extension DashboardPage {
    /// The hub's path of the dashboard page (SelarasHubProtocol's `HubAPI.dashboardPath`).
    public static let dashboardPath = "/dashboard"
    /// The hub's path of the monthly report page.
    public static let reportPath = "/laporan"

    /// A query value, percent-encoded (letters, digits and `-._~` stay as they are).
    static func queryValue(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The month shown now in Balikpapan: the latest month the picker offers.
    func currentMonth(_ snap: DashboardSnapshot) -> DashboardMonth {
        DashboardMonth(LocalDate(milliseconds: now(snap)))
    }

    /// The month picker.
    func monthPicker(_ snap: DashboardSnapshot) -> String {
        let m = snap.month, latest = max(currentMonth(snap), m)
        var h = "<form method=\"get\" action=\"\(e(options.basePath + Self.dashboardPath))\" id=\"pilih-bulan\" class=\"picker\">"
        if !options.actionsEnabled { h += "<fieldset disabled>" }
        h += "<label for=\"bulan\">\(e(L.pickMonth.id))</label> <input type=\"month\" id=\"bulan\" name=\"month\" value=\"\(m)\" "
            + "min=\"1900-01\" max=\"\(latest)\" required> <button type=\"submit\">\(e(L.show.id))</button>"
        h += options.actionsEnabled ? "</form>" : "</fieldset></form>"
        let previous = m.adding(months: -1), next = m.adding(months: 1)
        h += "<p class=\"months\">" + monthLink(previous, label: "‹ " + Self.monthName(previous), rel: "prev")
        if next <= latest { h += " · " + monthLink(next, label: Self.monthName(next) + " ›", rel: "next") }
        h += "</p>\n"
        return h + command(["dashboard", "--month", m.description, "--out", "dasbor.html"])
    }

    func monthLink(_ month: DashboardMonth, label: String, rel: String) -> String {
        guard options.actionsEnabled else { return "<span class=\"off\" data-month-link=\"\(rel)\">\(e(label))</span>" }
        return "<a href=\"\(e(options.basePath + Self.dashboardPath))?month=\(month)\" rel=\"\(rel)\" data-month-link=\"\(rel)\">\(e(label))</a>"
    }

    /// The link to the monthly report of the page's month, for one kelurahan or all.
    func reportLink(_ snap: DashboardSnapshot, kelurahan: Kelurahan?) -> String {
        let label = kelurahan == nil ? L.monthlyReportAll.id : L.monthlyReport.id
        var query = "month=\(snap.month)"
        if let kelurahan { query += "&kelurahan=" + Self.queryValue(kelurahan.name) }
        guard options.actionsEnabled else {
            var words = ["report", "--month", snap.month.description]
            if let kelurahan { words += ["--kelurahan", kelurahan.name] }
            return "<span class=\"off\">\(e(label))</span>" + command(words + ["--out", "laporan.html"])
        }
        return "<a class=\"report\" href=\"\(e(options.basePath + Self.reportPath + "?" + query))\" data-report=\"\(e(kelurahan?.name ?? ""))\">"
            + "\(e(label))</a>"
    }
}
