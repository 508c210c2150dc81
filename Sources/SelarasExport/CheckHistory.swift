import SelarasAnthro
import SelarasModel

/// Each child's checks in date order, which the dataset build needs for a moment: for the
/// growth status (N/T) and for the indicators (each child's last check of a month). Dropped
/// before the rows are written.
struct CheckHistory: Sendable {
    /// Indexes of the checks (in ``DatasetContext/checks``) ordered by child, then date, then
    /// id: each child's history.
    let byChild: [Int32]

    /// An empty history.
    init() { byChild = [] }

    /// Orders the checks by child, then date, then index (id order): a counting sort by child,
    /// then a sort of each child's few checks. O(checks + children), 4 bytes per check.
    init(_ rows: [CheckRow], children: Int) {
        var start = [Int](repeating: 0, count: children + 1)
        for r in rows { start[Int(r.childIndex) + 1] += 1 }
        for c in 0..<children { start[c + 1] += start[c] }
        var fill = start
        var order = [Int32](repeating: 0, count: rows.count)
        for (i, r) in rows.enumerated() {
            order[fill[Int(r.childIndex)]] = Int32(i)
            fill[Int(r.childIndex)] += 1
        }
        rows.withUnsafeBufferPointer { rows in
            order.withUnsafeMutableBufferPointer { o in
                for c in 0..<children where start[c + 1] - start[c] > 1 {
                    // Each run is in index (id) order already; sort it by date, ties by index.
                    o[start[c]..<start[c + 1]].sort { (rows[Int($0)].date, $0) < (rows[Int($1)].date, $1) }
                }
            }
        }
        byChild = order
    }

    /// Computes N/T/2T/O/B per check from each child's checks in date order, by the Buku KIA
    /// rule the cadre's app shows (``GrowthMonitoring``): a check is compared with the last
    /// weighing of the calendar month before; N when the gain reaches the KBM for the child's
    /// age in completed months, else T; 2T when last month's weighing was T too; O when the month
    /// before has no weighing; B for the first. No mark without a weight, without a birth date,
    /// or outside the KMS's ages (1–60 months).
    /// - Parameter birthDate: the birth date of a child (by index), if recorded.
    func computeGrowth(_ rows: inout [CheckRow], birthDate: (Int32) -> LocalDate?) {
        var child: Int32 = -1
        var born: LocalDate? = nil
        var monthly: [MonthlyWeighing] = []
        var marks: [WeighingTrend] = []  // the mark of each of `monthly`
        monthly.reserveCapacity(64)
        marks.reserveCapacity(64)
        for i32 in byChild {
            let i = Int(i32)
            if rows[i].childIndex != child {
                child = rows[i].childIndex
                born = birthDate(child)
                monthly.removeAll(keepingCapacity: true)
                marks.removeAll(keepingCapacity: true)
            }
            let w = rows[i].weight
            guard w != 0, let b = born else { continue }
            let date = rows[i].date
            let weighing = MonthlyWeighing(monthIndex: date.monthNumber, ageMonths: date.completedMonths(since: b),
                                           weightKg: Double(w) / 10)
            // Several weighings in a month: each is judged against last month; the later replaces
            // the earlier as this month's weighing.
            if monthly.last?.monthIndex == weighing.monthIndex { monthly.removeLast(); marks.removeLast() }
            monthly.append(weighing)
            let mark = GrowthMonitoring.trend(monthly).0
            marks.append(mark)
            switch mark {
            case .naik: rows[i].growth = .n
            case .tidakNaik:
                let previous = marks.count >= 2 ? marks[marks.count - 2] : nil
                rows[i].growth = GrowthMonitoring.isTwiceNotGaining(mark, previousMonth: previous) ? .twoT : .t
            case .baru: rows[i].growth = .b
            case .bulanLaluTidakDitimbang: rows[i].growth = .o
            case .diluarUmur: rows[i].growth = .none
            }
        }
    }
}
