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

    /// Computes N/T/2T/O/B per check from each child's checks in date order.
    func computeGrowth(_ rows: inout [CheckRow]) {
        var previous: (child: Int32, month: Int, weight: UInt16, growth: CheckRow.Growth)? = nil
        for i32 in byChild {
            let i = Int(i32)
            if let p = previous, p.child != rows[i].childIndex { previous = nil }
            let w = rows[i].weight
            guard w != 0 else { continue }
            let month = GrowthChecksTable.monthIndex(rows[i].date)
            let g: CheckRow.Growth
            if let p = previous {
                if month - p.month > 1 { g = .o }
                else if w > p.weight { g = .n }
                else { g = (p.growth == .t || p.growth == .twoT) ? .twoT : .t }
            } else {
                g = .b
            }
            rows[i].growth = g
            previous = (rows[i].childIndex, month, w, g)
        }
    }
}
