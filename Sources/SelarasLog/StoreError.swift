#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error from the store: I/O, damage, a store in use, or a log that refuses appends.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// Stable machine-readable codes.
    public enum Code: String, Sendable {
        /// A system call failed (see ``underlying``).
        case io
        /// The store's bytes are damaged before the tail: reported, never silently dropped.
        case corrupt
        /// The directory is not a Selaras store.
        case notAStore = "not-a-store"
        /// A store already exists there.
        case alreadyExists = "already-exists"
        /// Another process has the store open.
        case locked
        /// An earlier write or fsync failed and the log could not yet truncate back to its
        /// last good frame: it refuses appends.
        case poisoned
        /// Events do not continue their stream's hash chain or sequence.
        case chainBroken = "chain-broken"
        /// Something asked for does not exist.
        case notFound = "not-found"
        /// An event would not decode again once written (a value over its field's limits, for
        /// example): refused before anything is written, so no store can be bricked by a caller
        /// that skipped validation.
        case undecodable
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

    /// The message, with the cause when there is one.
    public var description: String {
        if let u = underlying { return "\(message) (\(u))" }
        return message
    }
}

/// A failed system call: the operation, the path and `errno`.
public struct SystemCallError: Error, Sendable, CustomStringConvertible {
    /// The call (`write`, `fdatasync`, …).
    public let operation: String
    /// The file involved.
    public let path: String
    /// The `errno` value.
    public let errno: Int32

    /// Creates an error.
    public init(_ operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// `write(path): No space left on device`.
    public var description: String { "\(operation)(\(path)): \(String(cString: strerror(errno)))" }
}
