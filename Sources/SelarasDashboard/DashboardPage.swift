import Foundation
import SelarasExport
import SelarasModel

/// Renders a ``DashboardSnapshot`` as one self-contained HTML page in Indonesian: inline CSS,
/// inline SVG, no script, no external font, image or link outside the hub's own `/v1/…` paths.
/// Every text is escaped; every figure is a `<data>` element with `data-metric`, `data-value`
/// (the export's cell text) and, where it applies, `data-kelurahan` and `data-month`, so a
/// checker can read the page.
public struct DashboardPage: Sendable {
    /// How the page's actions behave.
    public struct Options: Sendable {
        /// Whether the forms and download links are live (the hub serves the page). When false
        /// (a file written by `selaras dashboard`), they are shown disabled with the equivalent
        /// `selaras` command.
        public var actionsEnabled: Bool
        /// A prefix for the hub's paths (default empty: `/v1/…` at the server's root).
        public var basePath: String
        /// A hidden `csrf` field added to every form, when the hub uses one.
        public var csrfToken: String?
        /// The store directory the offline commands name (`--store DIR`), if any.
        public var storeArgument: String?
        /// The time the page is shown (ms since 1970 UTC), for the laptops' 7-day flag and the
        /// month picker's last month; nil: the snapshot's time.
        public var now: Int64?
        /// For which moment and state version the figures hold (the hub says it on every page;
        /// nil: no such line, as in a file written by `selaras dashboard`).
        public var freshness: DashboardFreshness?

        /// Options; the defaults suit the hub.
        public init(actionsEnabled: Bool = true, basePath: String = "", csrfToken: String? = nil, storeArgument: String? = nil,
                    now: Int64? = nil, freshness: DashboardFreshness? = nil) {
            self.freshness = freshness
            self.actionsEnabled = actionsEnabled
            self.basePath = basePath
            self.csrfToken = csrfToken
            self.storeArgument = storeArgument
            self.now = now
        }
    }

    /// The options.
    public let options: Options

    /// Creates a renderer.
    public init(options: Options = Options()) { self.options = options }

    /// The whole page.
    /// - Complexity: O(kelurahan × 12 + conflicts + duplicates + exports).
    public func render(_ snap: DashboardSnapshot) -> String {
        var h = "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(e(L.title.id)) · \(e(Self.monthName(snap.month)))</title>\n<style>\(Self.style)</style>\n</head>\n<body>\n"
        h += header(snap) + summary(snap) + kelurahanTable(snap) + conflicts(snap) + duplicates(snap) + downloads(snap)
        h += "</body>\n</html>\n"
        return h
    }

    typealias L = DashboardLabel

    func e(_ s: String) -> String { HTMLText.escape(s) }

    /// `Desember 2026`.
    static func monthName(_ m: DashboardMonth) -> String { "\(L.monthNames[m.month - 1]) \(m.year)" }

    /// A cell as people read it: `–` when empty, a decimal comma, ` %` for percentages.
    static func displayed(_ c: Cell, percent: Bool) -> String {
        switch c {
        case .null: return "–"
        case .decimal: return c.text.replacingOccurrences(of: ".", with: ",") + (percent ? " %" : "")
        default: return c.text + (percent ? " %" : "")
        }
    }

    /// A figure: `<data>` with its machine-readable value and what it is.
    func figure(_ c: Cell, metric: String, kelurahan: Kelurahan? = nil, month: DashboardMonth? = nil, percent: Bool = false,
                extra: String = "") -> String {
        var a = "data-metric=\"\(e(metric))\" data-value=\"\(e(c.text))\""
        if let kelurahan { a += " data-kelurahan=\"\(e(kelurahan.name))\"" }
        if let month { a += " data-month=\"\(month)\"" }
        return "<data value=\"\(e(c.text))\" \(a)\(extra)>\(e(Self.displayed(c, percent: percent)))</data>"
    }

    /// The time the page is shown.
    func now(_ snap: DashboardSnapshot) -> Int64 { options.now ?? snap.takenAt }

    func header(_ snap: DashboardSnapshot) -> String {
        "<header>\n<h1>\(e(L.title.id))</h1>\n<p>\(e(L.month.id)): <strong data-month=\"\(snap.month)\" id=\"month\">"
            + "\(e(Self.monthName(snap.month)))</strong> · \(e(L.takenAt.id)) \(Self.time(snap.takenAt))"
            + " · \(e(L.replica.id)): \(e(snap.replicaLabel.isEmpty ? "–" : snap.replicaLabel))\(snap.replicaKelurahan.map { " (\(e($0.name)))" } ?? "")</p>\n"
            + freshnessLine()
            + monthPicker(snap)
            + (options.actionsEnabled ? "" : "<p class=\"note\" id=\"offline\">\(e(L.offlineActions.id))</p>\n") + "</header>\n"
    }

    /// `Angka per 2026-12-02 09:50 WITA, dihitung dari versi data 1200; sedang diperbarui; data hub
    /// kini versi 1700` (or `; terkini`), with the versions in `data-` attributes; empty without
    /// ``Options/freshness``.
    func freshnessLine() -> String {
        guard let f = options.freshness else { return "" }
        let tail = f.refreshing ? "\(e(L.figuresRefreshing.id)) \(f.currentVersion)" : e(L.figuresCurrent.id)
        return "<p id=\"angka\"\(f.refreshing ? " class=\"note\"" : "") data-figures-version=\"\(f.figuresVersion)\" "
            + "data-current-version=\"\(f.currentVersion)\" data-refreshing=\"\(f.refreshing)\">\(e(L.figuresAsOf.id)) "
            + "\(Self.time(f.figuresAt, attributes: " data-metric=\"figures_at\"")), \(e(L.figuresVersion.id)) \(f.figuresVersion); \(tail)</p>\n"
    }

    /// A time for people in Balikpapan: `<time datetime="2026-12-02T09:50:14+08:00">2026-12-02 09:50 WITA</time>`
    /// (WITA, Asia/Makassar: UTC+8 all year, no daylight saving).
    static func time(_ ms: Int64, attributes: String = "") -> String {
        let iso = witaISO(ms)
        return "<time datetime=\"\(iso)\"\(attributes)>\(humanTime(iso))</time>"
    }

    /// `2026-12-02T09:50:14+08:00` for a time in ms since 1970 UTC.
    static func witaISO(_ ms: Int64) -> String {
        // Clamped so that no stored time can trap the arithmetic (years 1970–9999 cover every real one).
        let clamped = min(max(ms, 0), 253_402_300_799_000 - 8 * 3_600_000)
        let utc = WallClock.iso8601(milliseconds: clamped + 8 * 3_600_000)
        return String(utc.prefix(19)) + "+08:00"
    }

    /// `2026-12-02T09:50:14+08:00` → `2026-12-02 09:50 WITA`.
    static func humanTime(_ iso: String) -> String {
        String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ") + " WITA"
    }

    func summary(_ snap: DashboardSnapshot) -> String {
        let t = snap.totals
        let items: [(DashboardLabel, String, Int64)] = [
            (.children, "children", Int64(t.children)), (.growthChecks, "growth_checks", Int64(t.growthChecks)),
            (.houseSurveys, "house_surveys", Int64(t.houseSurveys)), (.events, "events", Int64(t.events)),
            (.eventsWaiting, "events_waiting", Int64(t.eventsWaiting)),
        ] + (snap.hasHub ? [(.laptopsOverdue, "laptops_overdue", Int64(snap.devices.filter { $0.syncOverdue(now: now(snap)) }.count))] : [])
        var h = "<section id=\"ringkasan\">\n<h2>\(e(L.summary.id))</h2>\n<ul class=\"totals\">\n"
        for (label, metric, n) in items {
            h += "<li\(metric == "laptops_overdue" && n > 0 ? " class=\"alert\"" : "")><span>\(e(label.id))</span> \(figure(.integer(n), metric: metric))</li>\n"
        }
        return h + "</ul>\n</section>\n"
    }

    func kelurahanTable(_ snap: DashboardSnapshot) -> String {
        let m = snap.month
        let columns: [DashboardLabel] = [.kelurahan, .laptops, .eventsWaiting, .s, .d, .dOverS, .stunting, .trend]
        var h = "<section id=\"kelurahan\">\n<h2>\(e(L.perKelurahan.id)) · \(e(Self.monthName(m)))</h2>\n"
        h += "<p class=\"hint\">\(e(L.allKelurahanNote.id))</p>\n"
        if !snap.hasHub { h += "<p class=\"note\">\(e(L.noHub.id))</p>\n" }
        h += "<p>\(reportLink(snap, kelurahan: nil))</p>\n"
        h += "<table class=\"kelurahan\">\n<thead><tr>" + columns.map { "<th>\(e($0.id))</th>" }.joined() + "</tr></thead>\n"
        for group in snap.byKecamatan {
            h += "<tbody data-kecamatan=\"\(e(group.kecamatan))\">\n<tr class=\"kecamatan\"><th colspan=\"\(columns.count)\" scope=\"rowgroup\">"
                + "\(e(L.kecamatan.id)) \(e(group.kecamatan))</th></tr>\n"
            for k in group.kelurahan { h += kelurahanRow(k, snap: snap) }
            h += "</tbody>\n"
        }
        h += "</table>\n"
        if !snap.otherDevices.isEmpty {
            h += "<h3>\(e(L.otherDevices.id))</h3>\n<ul class=\"devices\">\n"
            for d in snap.otherDevices { h += "<li>\(device(d, now: now(snap)))</li>\n" }
            h += "</ul>\n"
        }
        return h + "</section>\n"
    }

    /// One kelurahan's row; every cell names its column (`data-label`) for the stacked layout of
    /// narrow screens.
    func kelurahanRow(_ k: KelurahanSummary, snap: DashboardSnapshot) -> String {
        let kel = k.kelurahan, c = k.current, m = snap.month
        func td(_ label: DashboardLabel, _ body: String, num: Bool = false) -> String {
            "<td\(num ? " class=\"num\"" : "") data-label=\"\(e(label.id))\">\(body)</td>"
        }
        var h = "<tr data-kelurahan=\"\(e(kel.name))\" data-kelurahan-code=\"\(kel.code)\" data-kecamatan=\"\(e(kel.kecamatan))\">"
        h += "<th scope=\"row\">\(e(kel.name))<br><small>\(reportLink(snap, kelurahan: kel))</small></th>"
        h += td(.laptops, devices(k, snap: snap))
        h += td(.eventsWaiting, figure(.integer(Int64(k.eventsWaiting)), metric: "events_waiting", kelurahan: kel), num: true)
        h += td(.s, figure(c.s, metric: "S", kelurahan: kel, month: m), num: true)
        h += td(.d, figure(c.d, metric: "D", kelurahan: kel, month: m), num: true)
        h += td(.dOverS, figure(c.dOverS, metric: "D/S", kelurahan: kel, month: m, percent: true), num: true)
        h += td(.stunting, "<span class=\"badge \(Self.stuntingClass(c.stuntingPct))\">"
                + figure(c.stuntingPct, metric: "stunting_pct", kelurahan: kel, month: m, percent: true) + "</span><br><small>"
                + figure(c.stunted, metric: "stunted", kelurahan: kel, month: m) + " / "
                + figure(c.measuredHAZ, metric: "measured_haz", kelurahan: kel, month: m)
                + " \(e(L.stuntedOf.id))</small>", num: true)
        h += td(.trend, TrendChart(points: k.trend.map { (month: $0.month, value: $0.stuntingPct) }, kelurahan: kel.name).svg()
                + "<small>\(e(Self.monthName(k.trend.first?.month ?? m))) – \(e(Self.monthName(m)))</small>")
        return h + "</tr>\n"
    }

    /// WHO/UNICEF prevalence thresholds (de Onis et al. 2019): < 2.5 % very low, < 10 % low,
    /// < 20 % medium, < 30 % high, else very high.
    static func stuntingClass(_ c: Cell) -> String {
        guard case .decimal(let x, _) = c else { return "none" }
        switch x {
        case ..<2.5: return "very-low"
        case ..<10: return "low"
        case ..<20: return "medium"
        case ..<30: return "high"
        default: return "very-high"
        }
    }

    func devices(_ k: KelurahanSummary, snap: DashboardSnapshot) -> String {
        var h = ""
        if !k.devices.isEmpty {
            h += "<ul class=\"devices\">" + k.devices.map { "<li>\(device($0, now: now(snap)))</li>" }.joined() + "</ul>"
        }
        if !k.origins.isEmpty {
            h += "<small>\(e(L.dataFrom.id)): " + k.origins.map { o in
                let name = snap.label(of: o.origin)
                return "<span class=\"origin\" title=\"\(e(o.origin.description))\">\(e(name ?? L.otherLaptop.id))</span> "
                    + figure(.integer(Int64(o.events)), metric: "stream_events", kelurahan: k.kelurahan,
                             extra: " data-stream=\"\(e(StreamID(origin: o.origin, kelurahanCode: k.kelurahan.code).description))\"")
            }.joined(separator: ", ") + "</small>"
        }
        return h.isEmpty ? "–" : h
    }

    /// A device by its label (its id only in `data-device`), its role, its last sync in WITA, and
    /// the 7-day flag for a cadre's laptop; an analyst, who only downloads, has no sync line.
    func device(_ d: DashboardDevice, now: Int64) -> String {
        let role: String = switch d.role {
        case "cadre": L.roleCadre.id
        case "office": L.roleOffice.id
        case "analyst": L.roleAnalyst.id
        default: d.role
        }
        let overdue = d.syncOverdue(now: now)
        var h = "<span class=\"device\" data-device=\"\(e(d.id))\" data-overdue=\"\(overdue)\">\(e(d.label.isEmpty ? L.otherLaptop.id : d.label))</span> <small>(\(e(role))"
        if d.revoked { h += ", <strong>\(e(L.revoked.id))</strong>" }
        h += ")"
        if !d.syncs {
            h += " \(e(L.downloadsOnly.id))"
        } else if let t = d.lastSync {
            h += " \(e(L.lastSync.id)): " + Self.time(t, attributes: " data-metric=\"last_sync\" data-device=\"\(e(d.id))\"")
        } else if d.role == "cadre" {
            h += " \(e(L.lastSync.id)): \(e(L.never.id))"
        }
        h += "</small>"
        if overdue {
            h += " <strong class=\"overdue\">\(e(d.lastSync == nil ? L.neverSynced.id : L.syncOverdue.id))</strong>"
        }
        return h
    }
}
