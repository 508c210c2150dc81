/// A bundle or sync failure: what is wrong, for people, with a stable code.
public struct SyncError: Error, Sendable, CustomStringConvertible {
    /// Stable codes.
    public enum Code: String, Sendable {
        /// The file is not a bundle, or is cut short or damaged.
        case malformed
        /// A digest, signature or hash chain does not verify: the bundle was altered or forged.
        case forged
        /// The bundle's events contradict this store's (a replica reused seqs, e.g. after a
        /// restore from an old backup).
        case fork
        /// The bundle is intact and signed, but holds something no store accepts: a count, seq,
        /// length or time out of range, or an event that breaks the schema or plausibility
        /// rules (``EventPlausibility``), judged with the receiver's clock.
        case implausible
        /// A file could not be read or written.
        case io
    }

    /// What kind of failure.
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
