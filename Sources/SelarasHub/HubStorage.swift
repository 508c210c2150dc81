import SelarasDashboard
import SelarasMerge
import SelarasModel
import SelarasSync

/// What the hub needs from its storage, as one seam: the embedded file store
/// (``FileHubStorage``) implements it, and a database store can.
///
/// Every operation that reads or writes stored data is `async` (a database store waits on its
/// server) and `nonisolated(nonsending)`: it runs on the hub actor that calls it, so the file
/// store, which never suspends, keeps each call atomic on the actor. A store that suspends
/// gives the hub actor to other requests meanwhile, so each operation must be atomic by
/// itself (``apply(_:name:)`` all or nothing, per-origin ordered, against every other process
/// sharing the data); the hub serializes what keeps in-memory copies (``KeptState``, the
/// registry cache) itself.
public protocol HubStorage: AnyObject {
    // MARK: Identity

    /// The hub's replica id.
    var replica: ReplicaID { get }
    /// The hub's Ed25519 public key (raw, 32 bytes).
    var publicKey: [UInt8] { get }
    /// Signs bytes with the hub's private key (receipts, signed heads).
    func sign(_ bytes: [UInt8]) throws -> [UInt8]
    /// A secret derived from the hub's key for a purpose (the analyst tier's pseudonyms).
    func derivedSecret(label: String) -> [UInt8]
    /// A name for people (the dashboard's "Replika").
    var label: String { get }
    /// The kelurahan the hub's own events default to (dashboard actions).
    var homeKelurahan: Kelurahan { get }

    // MARK: Events

    /// The events held, per stream (each stream a gap-free prefix 1…n).
    /// - Throws: the storage's error when it cannot be read.
    nonisolated(nonsending) func versionVector() async throws -> VersionVector
    /// The origin keys known now (for verifying an upload outside the hub's isolation).
    nonisolated(nonsending) func knownKeys() async throws -> [ReplicaID: [UInt8]]
    /// Applies a verified bundle all or nothing and idempotently by (origin, seq): events
    /// already held are checked against the held ones (a difference is a fork) and skipped;
    /// events continuing a stream are appended, durably, before this returns; events beyond a
    /// gap wait until it fills.
    /// - Throws: ``SyncError`` when the bundle is refused (nothing changed), or an I/O error.
    nonisolated(nonsending) func apply(_ bundle: VerifiedBundle, name: String) async throws -> BundleImporter.Summary
    /// Writes a bundle of the events after `assumed` within a scope (nil: every kelurahan),
    /// signed by the hub, to `path` (a file streamed once: it need not be durable).
    /// - Returns: the number of events written.
    nonisolated(nonsending) func writeAnswer(to path: String, assumed: VersionVector, scope: Set<UInt16>?) async throws -> UInt64
    /// Calls `body` with every event after `vector` within a scope (nil: all), stream by
    /// stream in seq order.
    nonisolated(nonsending) func forEachEvent(after vector: VersionVector, scope: Set<UInt16>?, _ body: (StreamID, UInt64, Event) throws -> Void) async throws
    /// Appends one of the hub's own events (a dashboard action), durably.
    nonisolated(nonsending) func record(_ draft: EventDraft) async throws -> Event
    /// Folds every event held into a consolidated state (at start; then the hub keeps it).
    /// - Returns: the state and exactly the events it holds (events appended while it folds
    ///   are left to the next ``forEachEvent(after:scope:_:)``).
    nonisolated(nonsending) func foldState() async throws -> (state: ConsolidatedState, vector: VersionVector)
    /// Runs of events waiting for a gap to fill (the dashboard lists them).
    nonisolated(nonsending) func waitingSegments() async throws -> [WaitingSegment]

    // MARK: Devices, codes, audit

    /// The device registry (devices and pending enrolment codes) as stored now.
    nonisolated(nonsending) func readRegistry() async throws -> DeviceRegistry
    /// A value that changes whenever the stored registry changes (the hub re-reads it then).
    nonisolated(nonsending) func registryVersion() async throws -> [Int]
    /// Changes the registry atomically with respect to every other writer.
    nonisolated(nonsending) func updateRegistry<T>(_ body: (inout DeviceRegistry) throws -> T) async throws -> T
    /// Makes a one-time dashboard login code (valid ``LoginCodes/lifetimeMilliseconds``).
    nonisolated(nonsending) func createLoginCode(label: String, now: Int64) async throws -> String
    /// Claims a dashboard login code once.
    /// - Returns: the code's label, or nil when it is unknown, used or expired.
    nonisolated(nonsending) func claimLoginCode(_ code: String, now: Int64) async throws -> String?
    /// Appends a download to the audit log, durably.
    nonisolated(nonsending) func appendAudit(at: Int64, by downloader: Downloader, format: String, tier: String, bytes: UInt64, sha256: [UInt8]) async throws
    /// The audit log, oldest first.
    nonisolated(nonsending) func auditEntries() async throws -> [AuditLog.Entry]

    /// Calls `changed` each time another process sharing the storage appended events, until
    /// the task is cancelled; returns at once for a storage no other process shares (the
    /// file store: its default in ``HubStorage``'s extension).
    /// - Throws: the storage's error when it can no longer watch.
    nonisolated(nonsending) func watchOtherWriters(_ changed: () async -> Void) async throws

    /// Releases the storage (locks, connections).
    nonisolated(nonsending) func close() async
}

extension HubStorage {
    /// No other process shares this storage: nothing to watch.
    public nonisolated(nonsending) func watchOtherWriters(_ changed: () async -> Void) async throws {}
}
