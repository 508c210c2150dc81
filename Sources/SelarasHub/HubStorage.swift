import SelarasDashboard
import SelarasMerge
import SelarasModel
import SelarasSync

/// What the hub needs from its storage, as one seam: the embedded file store
/// (``FileHubStorage``) implements it, and a database store can.
///
/// The hub actor owns its storage and calls it one request at a time (except what the
/// protocol marks as safe from anywhere), so an implementation needs no locking of its own
/// against the hub; it must guard against other processes sharing the same data.
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
    var versionVector: VersionVector { get }
    /// The origin keys known now (for verifying an upload outside the hub's isolation).
    func knownKeys() throws -> [ReplicaID: [UInt8]]
    /// Applies a verified bundle all or nothing and idempotently by (origin, seq): events
    /// already held are checked against the held ones (a difference is a fork) and skipped;
    /// events continuing a stream are appended, durably, before this returns; events beyond a
    /// gap wait until it fills.
    /// - Throws: ``SyncError`` when the bundle is refused (nothing changed), or an I/O error.
    func apply(_ bundle: VerifiedBundle, name: String) throws -> BundleImporter.Summary
    /// Writes a bundle of the events after `assumed` within a scope (nil: every kelurahan),
    /// signed by the hub, to `path` (a file streamed once: it need not be durable).
    /// - Returns: the number of events written.
    func writeAnswer(to path: String, assumed: VersionVector, scope: Set<UInt16>?) throws -> UInt64
    /// Calls `body` with every event after `vector` within a scope (nil: all), stream by
    /// stream in seq order.
    func forEachEvent(after vector: VersionVector, scope: Set<UInt16>?, _ body: (StreamID, UInt64, Event) throws -> Void) throws
    /// Appends one of the hub's own events (a dashboard action), durably.
    func record(_ draft: EventDraft) throws -> Event
    /// Folds every event held into a consolidated state (at start; then the hub keeps it).
    func foldState() throws -> ConsolidatedState
    /// Runs of events waiting for a gap to fill (the dashboard lists them).
    func waitingSegments() throws -> [WaitingSegment]

    // MARK: Devices, codes, audit

    /// The device registry (devices and pending enrolment codes) as stored now.
    func readRegistry() throws -> DeviceRegistry
    /// A value that changes whenever the stored registry changes (the hub re-reads it then).
    func registryVersion() -> [Int]
    /// Changes the registry atomically with respect to every other writer.
    func updateRegistry<T>(_ body: (inout DeviceRegistry) throws -> T) throws -> T
    /// Makes a one-time dashboard login code (valid ``LoginCodes/lifetimeMilliseconds``).
    func createLoginCode(label: String, now: Int64) throws -> String
    /// Claims a dashboard login code once.
    /// - Returns: the code's label, or nil when it is unknown, used or expired.
    func claimLoginCode(_ code: String, now: Int64) throws -> String?
    /// Appends a download to the audit log, durably.
    func appendAudit(at: Int64, by downloader: Downloader, format: String, tier: String, bytes: UInt64, sha256: [UInt8]) throws
    /// The audit log, oldest first.
    func auditEntries() throws -> [AuditLog.Entry]

    /// Releases the storage (locks, connections).
    func close()
}
