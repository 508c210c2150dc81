import SelarasLog
import SelarasMerge
import SelarasModel

/// The records `correct` and `void` judge a change against, without folding the whole store
/// when the rules look at no more than the record and its child: those records are folded
/// from their own events through the store's checked summary (``StoreSummary``), equal to
/// their state in a full fold. A rule that needs every check of a child (moving a birth date,
/// voiding a child) still folds the store.
enum RecordStates {
    /// For a correction of `id` with these parsed `changes`: the record, and for a check its
    /// child before and after; the whole store when a child's birth date changes (it may not
    /// pass the child's earliest check, its same-as group's included).
    static func forCorrection(of id: EntityID, changes: FieldMap, in store: Store) throws -> ConsolidatedState {
        if id.kind == .child, changes[FieldKey.Child.born] != nil { return try ConsolidatedState(store: store) }
        let summary = try StoreSummary.load(for: store).summary
        var ids = [id]
        if id.kind == .growthCheck {
            if let ref = try summary.entity(id, in: store)?.value(FieldKey.GrowthCheck.child)?.reference { ids.append(ref) }
            if let ref = changes[FieldKey.GrowthCheck.child]?.reference { ids.append(ref) }
        }
        return try summary.partialState(ids, in: store)
    }

    /// For a void of `id`: the record alone; the whole store for a child (a child with checks
    /// is voided only with them, and `--with-checks` lists them).
    static func forVoid(of id: EntityID, in store: Store) throws -> ConsolidatedState {
        if id.kind == .child { return try ConsolidatedState(store: store) }
        return try StoreSummary.load(for: store).summary.partialState([id], in: store)
    }
}
