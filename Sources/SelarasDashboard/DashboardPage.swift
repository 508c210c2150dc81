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

        /// Options; the defaults suit the hub.
        public init(actionsEnabled: Bool = true, basePath: String = "", csrfToken: String? = nil, storeArgument: String? = nil) {
            self.actionsEnabled = actionsEnabled
            self.basePath = basePath
            self.csrfToken = csrfToken
            self.storeArgument = storeArgument
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

    func header(_ snap: DashboardSnapshot) -> String {
        let taken = WallClock.iso8601(milliseconds: snap.takenAt)
        return "<header>\n<h1>\(e(L.title.id))</h1>\n<p>\(e(L.month.id)): <strong data-month=\"\(snap.month)\" id=\"month\">"
            + "\(e(Self.monthName(snap.month)))</strong> · \(e(L.takenAt.id)) <time datetime=\"\(taken)\">\(e(Self.humanTime(taken)))</time>"
            + " · \(e(L.replica.id)): \(e(snap.replicaLabel.isEmpty ? "–" : snap.replicaLabel)) (\(e(snap.replicaKelurahan.name)))</p>\n"
            + (options.actionsEnabled ? "" : "<p class=\"note\" id=\"offline\">\(e(L.offlineActions.id))</p>\n") + "</header>\n"
    }

    /// `2026-12-02T01:50:14Z` → `2026-12-02 01:50 UTC`.
    static func humanTime(_ iso: String) -> String {
        String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    func summary(_ snap: DashboardSnapshot) -> String {
        let t = snap.totals
        let items: [(DashboardLabel, String, Int64)] = [
            (.children, "children", Int64(t.children)), (.growthChecks, "growth_checks", Int64(t.growthChecks)),
            (.houseSurveys, "house_surveys", Int64(t.houseSurveys)), (.events, "events", Int64(t.events)),
            (.eventsWaiting, "events_waiting", Int64(t.eventsWaiting)),
        ]
        var h = "<section id=\"ringkasan\">\n<h2>\(e(L.summary.id))</h2>\n<ul class=\"totals\">\n"
        for (label, metric, n) in items {
            h += "<li><span>\(e(label.id))</span> \(figure(.integer(n), metric: metric))</li>\n"
        }
        return h + "</ul>\n</section>\n"
    }

    func kelurahanTable(_ snap: DashboardSnapshot) -> String {
        let m = snap.month
        var h = "<section id=\"kelurahan\">\n<h2>\(e(L.perKelurahan.id)) · \(e(Self.monthName(m)))</h2>\n"
        if !snap.hasHub { h += "<p class=\"note\">\(e(L.noHub.id))</p>\n" }
        h += tableHead([.kelurahan, .laptops, .eventsWaiting, .s, .d, .dOverS, .stunting, .trend])
        for k in snap.kelurahan {
            let kel = k.kelurahan, c = k.current
            h += "<tr data-kelurahan=\"\(e(kel.name))\" data-kelurahan-code=\"\(kel.code)\">"
            h += "<th scope=\"row\">\(e(kel.name))<br><small>\(e(L.kecamatan.id)) \(e(kel.kecamatan))</small></th>"
            h += "<td>\(devices(k))</td>"
            h += "<td class=\"num\">\(figure(.integer(Int64(k.eventsWaiting)), metric: "events_waiting", kelurahan: kel))</td>"
            h += "<td class=\"num\">\(figure(c.s, metric: "S", kelurahan: kel, month: m))</td>"
            h += "<td class=\"num\">\(figure(c.d, metric: "D", kelurahan: kel, month: m))</td>"
            h += "<td class=\"num\">\(figure(c.dOverS, metric: "D/S", kelurahan: kel, month: m, percent: true))</td>"
            h += "<td class=\"num\"><span class=\"badge \(Self.stuntingClass(c.stuntingPct))\">"
                + figure(c.stuntingPct, metric: "stunting_pct", kelurahan: kel, month: m, percent: true) + "</span><br><small>"
                + figure(c.stunted, metric: "stunted", kelurahan: kel, month: m) + " / "
                + figure(c.measuredHAZ, metric: "measured_haz", kelurahan: kel, month: m)
                + " \(e(L.stuntedOf.id))</small></td>"
            h += "<td>\(TrendChart(points: k.trend.map { (month: $0.month, value: $0.stuntingPct) }, kelurahan: kel.name).svg())"
                + "<br><small>\(e(Self.monthName(k.trend.first?.month ?? m))) – \(e(Self.monthName(m)))</small></td>"
            h += "</tr>\n"
        }
        h += "</tbody>\n</table>\n"
        if !snap.otherDevices.isEmpty {
            h += "<h3>\(e(L.otherDevices.id))</h3>\n<ul class=\"devices\">\n"
            for d in snap.otherDevices { h += "<li>\(device(d))</li>\n" }
            h += "</ul>\n"
        }
        return h + "</section>\n"
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

    func devices(_ k: KelurahanSummary) -> String {
        var h = ""
        if !k.devices.isEmpty {
            h += "<ul class=\"devices\">" + k.devices.map { "<li>\(device($0))</li>" }.joined() + "</ul>"
        }
        if !k.origins.isEmpty {
            h += "<small>\(e(L.dataFrom.id)): " + k.origins.map { o in
                "<code>\(e(o.origin.description))</code> "
                    + figure(.integer(Int64(o.events)), metric: "stream_events", kelurahan: k.kelurahan,
                             extra: " data-stream=\"\(e(StreamID(origin: o.origin, kelurahanCode: k.kelurahan.code).description))\"")
            }.joined(separator: ", ") + "</small>"
        }
        return h.isEmpty ? "–" : h
    }

    func device(_ d: DashboardDevice) -> String {
        let role: String = switch d.role {
        case "cadre": L.roleCadre.id
        case "office": L.roleOffice.id
        case "analyst": L.roleAnalyst.id
        default: d.role
        }
        var h = "<span class=\"device\" data-device=\"\(e(d.id))\">\(e(d.label.isEmpty ? d.id : d.label))</span> <small>(\(e(role))"
        if d.revoked { h += ", <strong>\(e(L.revoked.id))</strong>" }
        h += ") \(e(L.lastSync.id)): "
        if let t = d.lastSync {
            let iso = WallClock.iso8601(milliseconds: t)
            h += "<time datetime=\"\(iso)\" data-metric=\"last_sync\" data-device=\"\(e(d.id))\">\(e(Self.humanTime(iso)))</time>"
        } else {
            h += e(L.never.id)
        }
        return h + "</small>"
    }
}
