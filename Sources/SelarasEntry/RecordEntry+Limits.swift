import SelarasModel

extension RecordEntry {
    /// The draft, when its author and reason fit their limits (``EventDraft/textProblems``):
    /// nothing is recorded that could not be decoded again.
    /// - Throws: ``EntryError`` (`.invalidInput`) naming the text, its length and both limits.
    func limited(_ draft: EventDraft) throws(EntryError) -> EventDraft {
        let problems = draft.textProblems
        guard problems.isEmpty else { throw EntryError(.invalidInput, problems) }
        return draft
    }
}
