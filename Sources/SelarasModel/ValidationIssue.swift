/// One finding about a record: an error (the record is refused) or a warning (kept and flagged).
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    /// Refused or merely flagged.
    public enum Severity: String, Sendable { case error, warning }
    /// Refused or flagged.
    public let severity: Severity
    /// The field's column name (`weight_kg`), or the record kind for record-wide rules.
    public let field: String
    /// What is wrong, for people; starts with the field name.
    public let message: String

    /// Creates an issue.
    public init(_ severity: Severity, field: String, _ message: String) {
        self.severity = severity
        self.field = field
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
