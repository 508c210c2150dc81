import SelarasExport
import SelarasModel

/// The children and growth checks of an office-tier dataset, as the monthly e-PPGBM workbook
/// and the printed report need them: each check with its child's registration, growth code
/// (N, T, 2T, O, B) and Permenkes categories, filtered to a month and a posyandu.
public struct MonthlyRecords: Sendable {
    /// A child as registered.
    public struct Child: Sendable {
        /// Selaras id.
        public let id: String
        /// The `children` row's cells, by column name.
        public let cells: [String: Cell]
        /// Date of birth.
        public let born: LocalDate?
        /// The posyandu of registration (empty when none).
        public let posyandu: String
        /// Kelurahan.
        public let kelurahan: String
        /// Text of a column.
        public func text(_ column: String) -> String { if case .text(let s)? = cells[column] { s } else { "" } }
    }

    /// A growth check.
    public struct Check: Sendable {
        /// The child (index into ``children``).
        public let child: Int
        /// The `growth_checks` row's cells, by column name.
        public let cells: [String: Cell]
        /// Measurement date.
        public let date: LocalDate
        /// The posyandu: the child's, else the check's.
        public let posyandu: String
        /// Number of a column (nil when empty).
        public func number(_ column: String) -> Double? {
            switch cells[column] {
            case .decimal(let x, _)?: x
            case .integer(let n)?: Double(n)
            default: nil
            }
        }
        /// Text of a column.
        public func text(_ column: String) -> String { if case .text(let s)? = cells[column] { s } else { "" } }
    }

    /// Every child of the dataset (the filters do not remove children: S needs them).
    public let children: [Child]
    /// The checks in the months and posyandu asked for, ordered by kelurahan, posyandu, date, name.
    public let checks: [Check]

    /// Gathers the rows of one month (or all months).
    /// - Parameters:
    ///   - dataset: an office-tier dataset (not date-filtered, so growth codes see the months before).
    ///   - month: only checks of this month (nil: all).
    ///   - posyandu: only this posyandu (nil: all), matched ignoring case.
    public init(_ dataset: Dataset, month: ReportMonth?, posyandu: String?) {
        self.init(dataset, months: month.map { $0...$0 }, posyandu: posyandu)
    }

    /// Gathers the rows of a range of months: only the checks in it become ``Check`` values
    /// (a month of a large store costs the month, not the store).
    /// - Parameters:
    ///   - dataset: an office-tier dataset (not date-filtered).
    ///   - months: only checks of these months (nil: all).
    ///   - posyandu: only this posyandu (nil: all), matched ignoring case.
    public init(_ dataset: Dataset, months: ClosedRange<ReportMonth>?, posyandu: String?) {
        var children: [Child] = []
        var index: [String: Int] = [:]
        if let t = dataset.table("children") {
            let names = t.schema.columns.map(\.name)
            t.forEachRow { row in
                let cells = Dictionary(uniqueKeysWithValues: zip(names, row))
                guard case .text(let id)? = cells["child_id"] else { return }
                var born: LocalDate? = nil
                if case .date(let d)? = cells["born"] { born = d }
                let c = Child(id: id, cells: cells, born: born, posyandu: Self.text(cells["posyandu"]),
                              kelurahan: Self.text(cells["kelurahan"]))
                index[id] = children.count
                children.append(c)
            }
        }
        var all: [Check] = []
        let wanted = posyandu?.lowercased()
        if let t = dataset.table("growth_checks") {
            let names = t.schema.columns.map(\.name)
            func add(_ row: [Cell]) {
                let cells = Dictionary(uniqueKeysWithValues: zip(names, row))
                guard case .text(let childID)? = cells["child_id"], let i = index[childID],
                      case .date(let date)? = cells["measured_on"] else { return }
                let p = children[i].posyandu.isEmpty ? Self.text(cells["posyandu"]) : children[i].posyandu
                if let wanted, p.lowercased() != wanted { return }
                all.append(Check(child: i, cells: cells, date: date, posyandu: p))
            }
            if let months {
                // Filter first: only the rows measured in the months are computed (their
                // z-scores and categories); the dataset finds them from the dates it holds.
                let rows = dataset.growthCheckRows(measuredFrom: months.lowerBound.firstDay, through: months.upperBound.lastDay)
                var k = 0
                while k < rows.count {
                    var end = k + 1
                    while end < rows.count, rows[end] == rows[end - 1] + 1 { end += 1 }
                    t.forEachRow(in: rows[k]..<(rows[end - 1] + 1), add)
                    k = end
                }
            } else {
                t.forEachRow(add)
            }
        }
        all.sort {
            (children[$0.child].kelurahan, $0.posyandu, $0.date, children[$0.child].text("name"), $0.text("check_id"))
                < (children[$1.child].kelurahan, $1.posyandu, $1.date, children[$1.child].text("name"), $1.text("check_id"))
        }
        self.children = children
        self.checks = all
    }

    static func text(_ c: Cell?) -> String { if case .text(let s)? = c { s } else { "" } }

    /// Per child, its last weighed check in `month` among `checks` (index into `checks`).
    public static func lastOfMonth(_ checks: [Check], month: ReportMonth) -> [Int: Int] {
        var last: [Int: Int] = [:]
        for (i, c) in checks.enumerated() where month.contains(c.date) {
            if let j = last[c.child], checks[j].date > c.date { continue }
            last[c.child] = i
        }
        return last
    }
}
