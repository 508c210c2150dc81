import SelarasModel

/// One kelurahan's posyandu indicators for one month, as counts: what a row of the
/// `indicators` table is written from (``cells(tier:)``), and what the dashboard shows.
///
/// Children are counted in the months they are 0–59 months old (S); the other counts are of
/// each child's last check of the month.
public struct IndicatorFigures: Sendable, Hashable {
    /// The kelurahan.
    public let kelurahan: Kelurahan
    /// The year of the month.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// S: children registered, aged 0–59 months in the month.
    public internal(set) var s = 0
    /// D: children weighed in the month.
    public internal(set) var d = 0
    /// N: weighed children who gained weight since the previous month.
    public internal(set) var n = 0
    /// Children with a length/height-for-age z-score.
    public internal(set) var measuredHAZ = 0
    /// Children with haz < −2.
    public internal(set) var stunted = 0
    /// Children with a weight-for-length/height z-score.
    public internal(set) var measuredWHZ = 0
    /// Children with whz < −2.
    public internal(set) var wasted = 0
    /// Children with a weight-for-age z-score.
    public internal(set) var measuredWAZ = 0
    /// Children with waz < −2.
    public internal(set) var underweight = 0
    /// Children with whz > 2.
    public internal(set) var overweight = 0

    /// Figures of zero for a kelurahan and month (1–12).
    init(kelurahan: Kelurahan, year: Int, month: Int) {
        self.kelurahan = kelurahan
        self.year = year
        self.month = month
    }

    /// The month as the table writes it, `YYYY-MM`.
    public var monthText: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    /// A count as the table writes it: in the analyst tier counts of 1–2 are suppressed (null).
    public static func count(_ n: Int, tier: ExportTier) -> Cell {
        tier == .analyst && (1...2).contains(n) ? .null : .integer(Int64(n))
    }

    /// A percentage `100 a / b` as the table writes it (one decimal): null when `b` is 0, and in
    /// the analyst tier when either count is suppressed.
    public static func percent(_ a: Int, of b: Int, tier: ExportTier) -> Cell {
        guard b > 0 else { return .null }
        if tier == .analyst, (1...2).contains(a) || (1...2).contains(b) { return .null }
        return .decimal(100 * Double(a) / Double(b), decimals: 1)
    }

    /// The `indicators` row of these figures, in the table's column order.
    public func cells(tier: ExportTier) -> [Cell] {
        func count(_ n: Int) -> Cell { Self.count(n, tier: tier) }
        func pct(_ a: Int, _ b: Int) -> Cell { Self.percent(a, of: b, tier: tier) }
        return [.text(kelurahan.name), .text(kelurahan.kecamatan), .text(monthText),
                count(s), count(d), pct(d, s), count(n), pct(n, d),
                count(measuredHAZ), count(stunted), pct(stunted, measuredHAZ),
                count(measuredWHZ), count(wasted), pct(wasted, measuredWHZ),
                count(measuredWAZ), count(underweight), pct(underweight, measuredWAZ),
                count(overweight), pct(overweight, measuredWHZ)]
    }
}
