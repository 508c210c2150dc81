import SelarasExport
import SelarasModel

/// One kelurahan's posyandu figures for one month, taken from a row of the `indicators`
/// dataset table (the same cells the `indicators` export writes), or empty when that table has
/// no row for the kelurahan and month.
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

    /// The `indicators` columns read, by name (the export's column names).
    public static let columnNames = ["kelurahan", "month", "s", "d", "d_over_s_pct", "measured_haz", "stunted", "stunting_pct"]

    /// Figures with no data for the month.
    public init(empty month: DashboardMonth) {
        self.month = month
        s = .null; d = .null; dOverS = .null; measuredHAZ = .null; stunted = .null; stuntingPct = .null
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

    /// Reads every row of an `indicators` table into figures keyed by kelurahan and month.
    /// - Parameter table: the dataset's `indicators` table.
    /// - Returns: nil when the table lacks one of ``columnNames``.
    /// - Complexity: O(rows).
    public static func read(_ table: any DatasetTable) -> [Kelurahan: [DashboardMonth: MonthFigures]]? {
        let names = table.schema.columns.map(\.name)
        let at = columnNames.map { names.firstIndex(of: $0) }
        guard at.allSatisfy({ $0 != nil }) else { return nil }
        let i = at.map { $0! }
        var out: [Kelurahan: [DashboardMonth: MonthFigures]] = [:]
        table.forEachRow { row in
            guard let kel = Kelurahan(name: row[i[0]].text), let month = DashboardMonth(row[i[1]].text) else { return }
            out[kel, default: [:]][month] = MonthFigures(month: month, s: row[i[2]], d: row[i[3]], dOverS: row[i[4]],
                                                         measuredHAZ: row[i[5]], stunted: row[i[6]], stuntingPct: row[i[7]])
        }
        return out
    }
}
