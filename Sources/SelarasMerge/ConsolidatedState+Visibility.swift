import SelarasModel

extension ConsolidatedState {
    /// Visible growth checks whose child (its `same-as` representative) is not a visible child:
    /// the datasets leave them out, so `status` does not count them as active either.
    public func checksWithoutVisibleChild() -> Int {
        let canonical = canonicalChildren()
        var n = 0
        for id in recordIDs(of: .growthCheck) {
            guard let ref = self[id]?.value(FieldKey.GrowthCheck.child)?.reference else { n += 1; continue }
            let child = canonical[ref] ?? ref
            if let c = self[child], c.isCreated, !c.isVoided { continue }
            n += 1
        }
        return n
    }
}
