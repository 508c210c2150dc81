import SelarasExport
import SelarasModel

/// One kelurahan's posyandu figures for one month, made from the dataset's
/// ``IndicatorFigures`` (the same cells the office-tier `indicators` export writes), or empty
/// when the dataset has no figures for the kelurahan and month.
public struct MonthFigures: Sendable, Hashable {
    /// The month.
    public let month: DashboardMonth
    /// S: children registered, aged 0–59 months in the month.
    public let s: Cell
    /// D: children weighed in the month.
    public let d: Cell
    /// D/S participation (%).
    public let dOverS: Cell
    /// Children with a length/height-for-age z-score.
    public let measuredHAZ: Cell
    /// Children with haz < −2.
    public let stunted: Cell
    /// Stunting prevalence (%).
    public let stuntingPct: Cell

    /// Figures of a kelurahan with no data for the month: zero children registered, weighed,
    /// measured and stunted; the percentages, having no denominator, stay empty (`–`).
    public init(empty month: DashboardMonth) {
        self.month = month
        s = .integer(0); d = .integer(0); dOverS = .null; measuredHAZ = .integer(0); stunted = .integer(0); stuntingPct = .null
    }

    /// Creates figures from cells.
    public init(month: DashboardMonth, s: Cell, d: Cell, dOverS: Cell, measuredHAZ: Cell, stunted: Cell, stuntingPct: Cell) {
        self.month = month
        self.s = s
        self.d = d
        self.dOverS = dOverS
        self.measuredHAZ = measuredHAZ
        self.stunted = stunted
        self.stuntingPct = stuntingPct
    }

    /// The office-tier cells of a kelurahan's figures for a month (as the `indicators` table
    /// writes them).
    public init(month: DashboardMonth, figures f: IndicatorFigures) {
        func count(_ n: Int) -> Cell { IndicatorFigures.count(n, tier: .office) }
        self.init(month: month, s: count(f.s), d: count(f.d), dOverS: IndicatorFigures.percent(f.d, of: f.s, tier: .office),
                  measuredHAZ: count(f.measuredHAZ), stunted: count(f.stunted),
                  stuntingPct: IndicatorFigures.percent(f.stunted, of: f.measuredHAZ, tier: .office))
    }

    /// Every kelurahan's and month's figures of a dataset, keyed by kelurahan and month.
    /// - Parameter figures: the dataset's ``Dataset/indicators``.
    /// - Complexity: O(figures).
    public static func byKelurahan(_ figures: [IndicatorFigures]) -> [Kelurahan: [DashboardMonth: MonthFigures]] {
        var out: [Kelurahan: [DashboardMonth: MonthFigures]] = [:]
        for f in figures {
            guard let month = DashboardMonth(year: f.year, month: f.month) else { continue }
            out[f.kelurahan, default: [:]][month] = MonthFigures(month: month, figures: f)
        }
        return out
    }
}
