/// A refusal or failure of the cadre's app: a code, one sentence for people (in Indonesian,
/// shown on the page) and the cause.
public struct AppError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for programs and tests.
    public enum Code: String, Sendable {
        /// The request's `Host` is not this app's loopback address (DNS rebinding).
        case badHost = "bad-host"
        /// The request's `Origin` is another site, or a form was posted without one.
        case badOrigin = "bad-origin"
        /// No valid session: the one-time token was not used, or was used already.
        case noSession = "no-session"
        /// A form without this session's CSRF token.
        case badCSRF = "bad-csrf"
        /// A form or address the app cannot read.
        case badRequest = "bad-request"
        /// No such record.
        case notFound = "not-found"
        /// The store refused or failed.
        case storeFailed = "store-failed"
    }
    /// The code.
    public let code: Code
    /// The HTTP status to answer with.
    public let status: Int
    /// One sentence for people.
    public let message: String
    /// The underlying error, when there is one.
    public let cause: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, status: Int, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.status = status
        self.message = message
        self.cause = cause
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
