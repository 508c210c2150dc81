import SelarasMerge
import SelarasModel

extension DatasetContext {
    /// The growth checks to export — visible, of a kept child (merged registrations follow the
    /// surviving child), dated within the options' range — in id order.
    ///
    /// Reads three fields of each check (child, date, weight; no other field is decoded) on all
    /// cores through ``ConsolidatedState/rows(of:placeholder:_:)``, which hands the rows back in
    /// id order whatever the cores or the fold order.
    /// - Parameter children: the kept children, in id order (found by binary search).
    /// - Returns: the rows.
    /// - Complexity: O(checks) when the fold met the checks in id order, O(checks log checks)
    ///   otherwise; memory 16 bytes per check, and for the merge 16 bytes per check of the
    ///   parts merged so far but the last.
    static func findChecks(state: ConsolidatedState, children: [EntityState], canonical: [EntityID: EntityID],
                           options: DatasetOptions) -> [CheckRow] {
        let childTag = FieldKey.GrowthCheck.child.tag, measuredTag = FieldKey.GrowthCheck.measuredOn.tag
        let weightTag = FieldKey.GrowthCheck.weight.tag
        return state.rows(of: .growthCheck, placeholder: CheckRow.placeholder) { e, number in
            guard !e.isVoided, let ref = e.value(childTag)?.reference, let date = e.value(measuredTag)?.date, options.includes(date) else { return nil }
            let survivor = canonical.isEmpty ? ref : canonical[ref] ?? ref
            guard let child = childIndex(of: survivor, in: children) else { return nil }
            return CheckRow(record: number, childIndex: Int32(child), date: date, weight: CheckRow.weight(e.value(weightTag)?.number))
        }
    }

    /// The index of a child in `children` (sorted by id), or nil. O(log children).
    static func childIndex(of id: EntityID, in children: [EntityState]) -> Int? {
        var lo = 0, hi = children.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if children[mid].id < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < children.count && children[lo].id == id ? lo : nil
    }
}
