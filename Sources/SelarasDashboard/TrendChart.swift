import SelarasExport

/// A small inline-SVG line chart of monthly stunting prevalence (no script, no external file),
/// with its axis values written on it: the percentages 0, 20 (WHO's "high" threshold, a dashed
/// line) and the scale's top on the left, the months (Indonesian abbreviations) underneath.
/// Each month with a value is a dot carrying `data-month` and `data-value` (the export's cell
/// text); months without data are gaps in the line.
struct TrendChart {
    /// The months and their prevalence cells, oldest first.
    let points: [(month: DashboardMonth, value: Cell)]
    /// The kelurahan, for the dots' `data-kelurahan`.
    let kelurahan: String

    static let width = 244.0, height = 86.0, left = 30.0, right = 8.0, top = 8.0, bottom = 18.0

    /// The scale's top: at least 30 %, else the maximum rounded up to the next 10 %.
    static func scaleTop(_ values: [Double?]) -> Double {
        max(30, ((values.compactMap { $0 }.max() ?? 0) / 10).rounded(.up) * 10)
    }

    /// The `<svg>` element.
    func svg() -> String {
        let values: [Double?] = points.map { if case .decimal(let x, _) = $0.value { x } else { nil } }
        let scaleTop = Self.scaleTop(values)
        let step = points.count > 1 ? (Self.width - Self.left - Self.right) / Double(points.count - 1) : 0
        func x(_ i: Int) -> Double { Self.left + Double(i) * step }
        func y(_ v: Double) -> Double { Self.top + (1 - v / scaleTop) * (Self.height - Self.top - Self.bottom) }
        func f(_ v: Double) -> String { Cell.format(v, decimals: 1) }
        let kel = HTMLText.escape(kelurahan)
        var out = "<svg class=\"trend\" role=\"img\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" "
            + "viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" data-kelurahan=\"\(kel)\" data-metric=\"stunting_trend\" "
            + "aria-label=\"\(HTMLText.escape(DashboardLabel.trend.id)): \(kel); \(HTMLText.escape(DashboardLabel.trendAxis.id))\">"
        // The vertical axis: 0 %, 20 % (a dashed reference line) and the scale's top, written on it.
        let bottomY = Self.height - Self.bottom
        out += "<line class=\"axis\" x1=\"\(f(Self.left))\" x2=\"\(f(Self.left))\" y1=\"\(f(Self.top))\" y2=\"\(f(bottomY))\"/>"
        out += "<line class=\"axis\" x1=\"\(f(Self.left))\" x2=\"\(f(Self.width - Self.right))\" y1=\"\(f(bottomY))\" y2=\"\(f(bottomY))\"/>"
        out += "<line class=\"ref\" x1=\"\(f(Self.left))\" x2=\"\(f(Self.width - Self.right))\" y1=\"\(f(y(20)))\" y2=\"\(f(y(20)))\"/>"
        for v in [0, 20, scaleTop] {
            out += "<text class=\"axis\" data-axis=\"y\" x=\"\(f(Self.left - 3))\" y=\"\(f(y(v) + 3))\" text-anchor=\"end\">\(Int(v)) %</text>"
        }
        // The horizontal axis: every other month, counted back from the last, so the last is always named.
        for (i, p) in points.enumerated() where (points.count - 1 - i) % 2 == 0 {
            let name = DashboardLabel.monthAbbreviations[p.month.month - 1] + (p.month.month == 1 || i == 0 ? " \(p.month.year % 100)" : "")
            out += "<text class=\"axis\" data-axis=\"x\" data-axis-month=\"\(p.month)\" x=\"\(f(x(i)))\" y=\"\(f(Self.height - 5))\" "
                + "text-anchor=\"middle\">\(name)</text>"
        }
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
