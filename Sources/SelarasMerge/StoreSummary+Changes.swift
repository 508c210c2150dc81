import SelarasLog
import SelarasModel

/// Catching up on corrections and voids (what `selaras correct` and `void` append), so that
/// the command after them does not fold the whole store.
extension StoreSummary {
    /// Whether ``catchUp(_:)`` applies this event itself rather than folding: a correction of
    /// any record, or the void of a check or a survey. A child's void changes whether its
    /// checks are shown (which the summary cannot list without a fold), and a same-as decision
    /// changes which children are one: both still make it fold.
    static func isCaughtUpChange(_ e: Event) -> Bool {
        switch e.operation {
        case .correct: true
        case .void: e.entity.kind != .child
        case .create, .link: false
        }
    }

    /// Applies the later events of the tail, per record: the record is folded from its own
    /// events before and after them (through the stream indexes, as ``entity(_:in:)``), its
    /// share of the counts moves from the one to the other, and its dots are recorded. Judged
    /// against the store as it now is, as a full fold judges it: a child's visibility cannot
    /// change in a caught-up tail (its void and same-as decisions fold; a new child while some
    /// checks have none folds), so a check's share uses its child's visibility now.
    mutating func applyChanges(_ changed: [EntityID: [Dot]], in store: Store) throws {
        for (id, dots) in changed {
            let before = try entity(id, in: store)
            var all = changes[id] ?? []
            all.append(contentsOf: dots)
            all.sort()
            changes[id] = all
            let after = try entity(id, in: store)
            let old = try share(of: before, in: store), new = try share(of: after, in: store)
            counts[id.kind]!.active += new.active - old.active
            counts[id.kind]!.voided += new.voided - old.voided
            checksWithoutVisibleChild += new.hidden - old.hidden
        }
    }

    /// What one record adds to the counts: active (shown), voided, and for a visible check
    /// whose child is not shown, hidden (counted there instead of as active).
    func share(of record: EntityState?, in store: Store) throws -> (active: Int, voided: Int, hidden: Int) {
        guard let record, record.isCreated else { return (0, 0, 0) }
        if record.isVoided { return (0, 1, 0) }
        guard record.id.kind == .growthCheck else { return (1, 0, 0) }
        guard let ref = record.value(FieldKey.GrowthCheck.child)?.reference, try isVisibleChild(ref, in: store) else { return (0, 0, 1) }
        return (1, 0, 0)
    }
}
