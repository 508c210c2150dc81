import SelarasModel

/// What the dataset build needs of every kept growth check for a moment — its date and weight,
/// and each child's checks in date order — to compute growth status (N/T) and the indicators.
/// Dropped before the rows are written (the rows read dates from their records).
struct CheckHistory: Sendable {
    /// Each check's measurement date, aligned with ``DatasetContext/checks`` (id order).
    var dates: [LocalDate] = []
    /// Each check's weight in 0.1 kg (``noWeight`` when not recorded), aligned likewise.
    var weights: [Int32] = []
    /// Indexes of the checks ordered by child, then date, then id: each child's history.
    var byChild: [Int32] = []

    /// Marks a check without a weight.
    static let noWeight = Int32.min

    /// A weight as kept here: clamped into `Int32` (the schema allows 0.5–40 kg, so clamping
    /// never changes a valid value, and keeps the order of any other).
    static func weight(_ w: Int64?) -> Int32 {
        guard let w else { return noWeight }
        return Int32(clamping: max(w, Int64(noWeight) + 1))
    }

    /// Orders the checks by child, then date, then index (id order), as ``byChild``: a counting
    /// sort by child, then a sort of each child's few checks. O(checks + children).
    static func childOrder(_ rows: [CheckRow], dates: [LocalDate], children: Int) -> [Int32] {
        var start = [Int](repeating: 0, count: children + 1)
        for r in rows { start[Int(r.childIndex) + 1] += 1 }
        for c in 0..<children { start[c + 1] += start[c] }
        var fill = start
        var order = [Int32](repeating: 0, count: rows.count)
        for (i, r) in rows.enumerated() {
            order[fill[Int(r.childIndex)]] = Int32(i)
            fill[Int(r.childIndex)] += 1
        }
        order.withUnsafeMutableBufferPointer { o in
            for c in 0..<children where start[c + 1] - start[c] > 1 {
                // Each run is in index (id) order already; sort it by date, ties by index.
                o[start[c]..<start[c + 1]].sort { (dates[Int($0)], $0) < (dates[Int($1)], $1) }
            }
        }
        return order
    }

    /// Computes N/T/2T/O/B per check from each child's checks in date order.
    func computeGrowth(_ rows: inout [CheckRow]) {
        var previous: (child: Int32, month: Int, weight: Int32, growth: CheckRow.Growth)? = nil
        for i32 in byChild {
            let i = Int(i32)
            if let p = previous, p.child != rows[i].childIndex { previous = nil }
            let w = weights[i]
            guard w != Self.noWeight else { continue }
            let month = GrowthChecksTable.monthIndex(dates[i])
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
