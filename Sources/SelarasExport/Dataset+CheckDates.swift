import SelarasModel

extension Dataset {
    /// The positions, in the `growth_checks` table, of the checks measured from `from` through
    /// `to`, in the table's order, found from the dates the dataset already holds: a caller that
    /// needs one month reads only those rows (`forEachRow(in:)`), and no other row's z-scores
    /// are computed.
    /// - Parameters:
    ///   - from: the first day wanted.
    ///   - to: the last day wanted.
    /// - Complexity: O(checks) over 16 bytes a check; no row is computed.
    public func growthCheckRows(measuredFrom from: LocalDate, through to: LocalDate) -> [Int] {
        var out: [Int] = []
        for (i, r) in checkRows.enumerated() where r.date >= from && r.date <= to { out.append(i) }
        return out
    }
}
