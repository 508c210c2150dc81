/// Input that cannot be recorded: every problem found, one sentence each, nothing recorded.
public struct EntryError: Error, Sendable, CustomStringConvertible {
    /// Stable codes.
    public enum Code: String, Sendable {
        /// One or more values are invalid.
        case invalidInput = "invalid-input"
        /// A referenced record does not exist here.
        case notFound = "not-found"
        /// The input file cannot be read or parsed.
        case unreadable
    }

    /// What kind of problem.
    public let code: Code
    /// The problems, each a sentence naming the place (file:line or flag), the field and what is allowed.
    public let problems: [String]
    /// The cause, if any.
    public let underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ problems: [String], underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.problems = problems
        self.underlying = underlying
    }

    /// The problems, one per line.
    public var description: String { problems.joined(separator: "\n") }
}
