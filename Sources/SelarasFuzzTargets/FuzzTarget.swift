/// The inputs that libFuzzer harnesses feed to Selaras's readers of untrusted bytes (see
/// `Scripts/fuzz`), one case per harness.
///
/// Each ``run(_:)`` hands the bytes to a real reader and swallows every thrown error: refusing
/// bad input is the reader's job, so only a trap, a crash or a sanitizer report is a finding.
/// The same functions replay the corpus in `Fixtures/fuzz/NAME/` under `swift test`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A bundle file (`VerifiedBundle.read`): digest, signatures, frames, inflate, events.
    case bundle
    /// One canonical event encoding (`Event.decode`).
    case event
    /// A CSV file (`CSVTable(text:fileName:)`), then the import's row checks for every record
    /// kind against an empty store.
    case csv
    /// The hub's device registry file (`RegistryFile.read`) in a scratch store directory.
    case registry

    /// Feeds `data` to this target's reader; returns when it has accepted or refused it.
    /// - Parameter data: the input (any bytes).
    /// - Returns: whether the reader accepted the input (libFuzzer ignores it; the corpus
    ///   replay checks that the seeds include accepted inputs, so they reach past the checks).
    @discardableResult
    public func run(_ data: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .bundle: FuzzTarget.fuzzBundle(data)
        case .event: FuzzTarget.fuzzEvent(data)
        case .csv: FuzzTarget.fuzzCSV(data)
        case .registry: FuzzTarget.fuzzRegistry(data)
        }
    }

    /// Feeds an array of bytes to this target (the corpus replay's entry point).
    /// - Parameter bytes: the input.
    /// - Returns: whether the reader accepted it.
    @discardableResult
    public func run(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { run($0) }
    }
}
