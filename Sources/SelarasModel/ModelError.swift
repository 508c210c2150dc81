/// An error from the record model: bad input, an impossible value, or bytes that do not decode.
///
/// Every error carries a stable ``code`` for scripts, a ``message`` written for people
/// (one sentence naming what and where) and, when there is one, the underlying cause.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    /// Stable machine-readable codes.
    public enum Code: String, Sendable {
        /// A value a person typed or imported is not acceptable.
        case invalidValue = "invalid-value"
        /// A required field is missing.
        case missingField = "missing-field"
        /// A field name is not part of the record kind.
        case unknownField = "unknown-field"
        /// Bytes are not a valid canonical encoding.
        case malformedEncoding = "malformed-encoding"
    }

    /// What kind of failure this is.
    public let code: Code
    /// One sentence for people.
    public let message: String
    /// The lower-level error this one wraps, if any.
    public let underlying: (any Error & Sendable)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: the stable code.
    ///   - message: one sentence naming what is wrong and where.
    ///   - underlying: the cause, if any.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, for printing.
    public var description: String { message }
}
