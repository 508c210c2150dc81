/// A file that cannot be imported, or a layout that cannot be used: one sentence per problem,
/// each naming the file, row, column and value.
public struct EPPGBMError: Error, Sendable, CustomStringConvertible {
    /// Stable codes.
    public enum Code: String, Sendable {
        /// The file cannot be read as a spreadsheet.
        case unreadable
        /// Rows hold values that cannot be recorded.
        case invalidInput = "invalid-input"
        /// The column map is broken (a build problem).
        case layout
    }

    /// What kind of problem.
    public let code: Code
    /// The problems, one sentence each.
    public let problems: [String]
    /// The cause, if any (its description: the causes here are not all `Sendable`).
    public let cause: String?

    /// Creates an error with one problem.
    public init(_ code: Code, _ problem: String, underlying: (any Error)? = nil) {
        self.init(code, [problem], underlying: underlying)
    }

    /// Creates an error with several problems.
    public init(_ code: Code, _ problems: [String], underlying: (any Error)? = nil) {
        self.code = code
        self.problems = problems
        self.cause = underlying.map { "\($0)" }
    }

    /// The problems, one per line.
    public var description: String { problems.joined(separator: "\n") }
}
