/// A failure talking to the hub: a stable code, the HTTP status when the hub answered, one
/// sentence for people (the hub's own message when it refused), and the cause.
public struct HubClientError: Error, Sendable, CustomStringConvertible {
    /// `network`, `refused` (the hub answered with an error), `bad-answer`, `io`, `not-enrolled`.
    public let code: String
    /// The HTTP status (0 when the hub did not answer).
    public let status: Int
    /// One sentence for people.
    public let message: String
    /// The cause, if any.
    public let underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(code: String, status: Int = 0, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.status = status
        self.message = message
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}
