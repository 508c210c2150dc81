import SelarasEntry
import SelarasLog
import SelarasModel

extension CadreApp {
    /// For `selaras-bench app`: the bare durable append that a save is compared with, on the
    /// app's own store. The check the form describes is prepared exactly as
    /// ``checkPostTimed(_:form:csrf:)`` prepares it (untimed), then only `Store.record` of it is
    /// timed: the same record, the same stream and file, the same one `fdatasync`. The event
    /// is applied to the state and the indexes afterwards (untimed), so the state still equals
    /// the store.
    /// - Returns: the time of the append alone.
    /// - Throws: ``EntryError`` when the form is refused; the store's error when it fails.
    public func timedBareAppend(_ id: EntityID, form: FormBody) throws -> Duration {
        guard let child = state[id], child.isCreated, id.kind == .child else {
            throw AppError(.notFound, status: 404, "\(id) tidak ada di laptop ini.")
        }
        let draft = try entry().prepareCreate(.growthCheck, checkPairs(child, form: form)).draft
        let clock = ContinuousClock()
        let start = clock.now
        let events = try store.record([draft])
        let elapsed = clock.now - start
        for e in events {
            state.apply(e)
            reindex(e)
        }
        return elapsed
    }
}
