/// A refusal or failure of the hub's PostgreSQL store: a stable code, one sentence for people
/// (never a password), and the cause.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    public enum Code: String, Sendable {
        /// The database address is not a usable `postgresql://` URL.
        case badAddress = "bad-address"
        /// The database's schema is newer than this program knows, or not a Selaras schema.
        case schema
        /// The server refused or failed a statement, or could not be reached.
        case server
        /// A row read back holds a value out of its range (it is not used), or a value to
        /// write is out of the column's range.
        case badRow = "bad-row"
    }

    /// The code.
    public let code: Code
    /// One sentence for people.
    public let message: String
    /// The cause, if any.
    public let underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}
