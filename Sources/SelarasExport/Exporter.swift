/// An export format: one small protocol, implemented in its own module and registered in
/// `SelarasExporters`; adding a format touches no engine code.
///
/// An exporter reads dataset tables (never the log), streams their rows and writes
/// deterministic bytes: the same dataset gives the same files on every replica.
public protocol Exporter: Sendable {
    /// The format's name on the command line (`csv.gz`).
    var format: String { get }
    /// One line for `selaras export --list`.
    var summary: String { get }
    /// Writes the dataset's files into `directory` (which exists).
    /// - Parameters:
    ///   - dataset: the tables.
    ///   - directory: where to write.
    ///   - progress: call with rows written so far and the total, now and then.
    /// - Returns: the files written (names relative to `directory`).
    /// - Throws: ``ExportError``.
    func export(_ dataset: Dataset, to directory: String, progress: ExportProgress) throws -> [String]
    /// The tiers the format is offered in (every tier unless the format says otherwise: a
    /// format that names children is office-only).
    var tiers: [ExportTier] { get }
}

extension Exporter {
    /// Every tier.
    public var tiers: [ExportTier] { ExportTier.allCases }
}

/// Reports rows written; safe to call often (it rate-limits itself only if the sink does).
public struct ExportProgress: Sendable {
    private let sink: @Sendable (Int, Int) -> Void

    /// Creates a progress reporter.
    public init(_ sink: @escaping @Sendable (Int, Int) -> Void) { self.sink = sink }

    /// Reports nothing.
    public static let none = ExportProgress { _, _ in }

    /// Reports rows done of total.
    public func callAsFunction(_ done: Int, _ total: Int) { sink(done, total) }
}

/// An export failure.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    /// Stable codes.
    public enum Code: String, Sendable { case io, unknownFormat = "unknown-format", invalidKey = "invalid-key" }
    /// What kind.
    public let code: Code
    /// One sentence for people.
    public let message: String
    /// The cause.
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
