import SelarasMerge
import SelarasModel

/// The rules that tie a child to its growth checks: a birth date may not move after a check,
/// and a child with checks is voided only together with them.
extension RecordEntry {
    /// The visible growth checks recorded on a child, in id order; with `linked`, also those
    /// of the children linked to it by `same-as` (the datasets show them all at one birth date).
    public func checks(of child: EntityID, linked: Bool = false) -> [EntityState] {
        let canonical = linked ? state.canonicalChildren() : [:]
        let target = canonical[child] ?? child
        return state.records(of: .growthCheck).filter { check in
            guard let ref = check.value(FieldKey.GrowthCheck.child)?.reference else { return false }
            return ref == child || (linked && (canonical[ref] ?? ref) == target)
        }
    }

    /// The problem with moving a child's birth date to `born`, or nil: the new date must not be
    /// after the child's earliest growth check.
    func bornAfterChecks(_ child: EntityID, born: LocalDate) -> String? {
        var earliest: (id: EntityID, date: LocalDate)? = nil
        for check in checks(of: child, linked: true) {
            guard let date = check.value(FieldKey.GrowthCheck.measuredOn)?.date else { continue }
            if earliest == nil || date < earliest!.date { earliest = (check.id, date) }
        }
        guard let earliest, born > earliest.date else { return nil }
        return "born: \(born) is after this child's earliest growth check (\(earliest.id), measured on \(earliest.date)); allowed: on or before \(earliest.date)"
    }

    /// Validates voiding a child together with all its growth checks: one void event each, with
    /// the same reason, to record in one batch.
    /// - Throws: ``EntryError`` when the record is not a child here, is already voided, or the reason is empty.
    public func prepareVoidWithChecks(_ child: EntityID, reason: String) throws(EntryError) -> [PreparedEvent] {
        guard child.kind == .child else {
            throw EntryError(.invalidInput, ["--with-checks: \(child) is not a child (ch-…); only a child has growth checks"])
        }
        let first = try prepareVoid(child, reason: reason, checksAllowed: true)
        let voids = checks(of: child).map { check in
            PreparedEvent(draft: .change(check.id, context: check.contextDots, .void(reason: reason), author: author), warnings: [])
        }
        return [first] + voids
    }
}
