import SelarasExport

/// A small inline-SVG line chart of monthly stunting prevalence (no script, no external file).
/// Each month with a value is a dot carrying `data-month` and `data-value` (the export's cell
/// text); months without data are gaps in the line.
struct TrendChart {
    /// The months and their prevalence cells, oldest first.
    let points: [(month: DashboardMonth, value: Cell)]
    /// The kelurahan, for the dots' `data-kelurahan`.
    let kelurahan: String

    static let width = 216.0, height = 64.0, left = 6.0, right = 6.0, top = 10.0, bottom = 6.0

    /// The `<svg>` element.
    func svg() -> String {
        let values: [Double?] = points.map { if case .decimal(let x, _) = $0.value { x } else { nil } }
        // The scale's top: at least 30 %, else the maximum rounded up to the next 10 %.
        let maximum = values.compactMap { $0 }.max() ?? 0
        let scaleTop = max(30, (maximum / 10).rounded(.up) * 10)
        let step = points.count > 1 ? (Self.width - Self.left - Self.right) / Double(points.count - 1) : 0
        func x(_ i: Int) -> Double { Self.left + Double(i) * step }
        func y(_ v: Double) -> Double { Self.top + (1 - v / scaleTop) * (Self.height - Self.top - Self.bottom) }
        func f(_ v: Double) -> String { Cell.format(v, decimals: 1) }
        let kel = HTMLText.escape(kelurahan)
        var out = "<svg class=\"trend\" role=\"img\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" "
            + "viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" data-kelurahan=\"\(kel)\" data-metric=\"stunting_trend\" "
            + "aria-label=\"\(HTMLText.escape(DashboardLabel.trend.id)): \(kel)\">"
        // Reference line at 20 % (WHO's "high" stunting prevalence threshold), when it fits.
        out += "<line class=\"ref\" x1=\"\(f(Self.left))\" x2=\"\(f(Self.width - Self.right))\" y1=\"\(f(y(20)))\" y2=\"\(f(y(20)))\"/>"
        out += "<text class=\"axis\" x=\"\(f(Self.width - Self.right))\" y=\"7\" text-anchor=\"end\">\(Int(scaleTop)) %</text>"
        // The line: one polyline per run of consecutive months with data.
        var run: [String] = []
        func flush() {
            if run.count > 1 { out += "<polyline points=\"\(run.joined(separator: " "))\"/>" }
            run = []
        }
        for (i, v) in values.enumerated() {
            if let v { run.append("\(f(x(i))),\(f(y(v)))") } else { flush() }
        }
        flush()
        for (i, p) in points.enumerated() {
            guard let v = values[i] else { continue }
            out += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"2.5\" data-metric=\"stunting_pct\" "
                + "data-value=\"\(HTMLText.escape(p.value.text))\" data-kelurahan=\"\(kel)\" data-month=\"\(p.month)\">"
                + "<title>\(p.month): \(HTMLText.escape(DashboardPage.displayed(p.value, percent: true)))</title></circle>"
        }
        return out + "</svg>"
    }
}
