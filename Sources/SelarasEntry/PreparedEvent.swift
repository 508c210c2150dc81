import SelarasModel

/// A validated event ready to record, with the warnings to show (values kept but flagged).
public struct PreparedEvent: Sendable {
    /// The draft to pass to `Store.record`.
    public let draft: EventDraft
    /// Warnings: plausible but unusual values, kept and flagged.
    public let warnings: [String]
}
