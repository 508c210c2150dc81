/// A zlib failure: bad compressed data, or zlib refusing a parameter.
public struct CompressionError: Error, Sendable, CustomStringConvertible {
    /// zlib's return code (`Z_DATA_ERROR` is -3, …).
    public let code: Int32
    /// One sentence for people.
    public let message: String

    /// Creates an error.
    public init(code: Int32, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
