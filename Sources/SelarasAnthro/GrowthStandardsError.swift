/// The error thrown when the WHO LMS tables cannot be loaded.
public struct GrowthStandardsError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable machine-readable code.
    public enum Code: String, Sendable, Hashable {
        /// A table file (or the resource directory) does not exist.
        case fileMissing
        /// A table file exists but could not be read as UTF-8 text.
        case fileUnreadable
        /// A table file was read but its content is not a valid LMS table.
        case malformed
    }

    /// The machine-readable error code.
    public var code: Code
    /// A human-readable description naming the file and, for ``Code/malformed``, the line.
    public var message: String
    /// The underlying system error, when there is one.
    public var underlying: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: the error code.
    ///   - message: a human-readable description.
    ///   - underlying: the causing error, if any.
    public init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// `"<code>: <message>"`, followed by the underlying error when present.
    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let underlying { text += " (\(underlying))" }
        return text
    }
}
