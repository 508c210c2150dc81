import SelarasDashboard
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasSync

/// The embedded hub storage, needing no setup: a Selaras store directory (stream logs, sync
/// state, pending area) with the hub's files in `STORE/hub/` (registry, login codes, audit log).
///
/// The store is locked by the process that opens it, so the sync state is read once and kept
/// equal to the file here (it was parsed twice per sync before). Its operations never suspend:
/// each runs whole on the hub actor that calls it.
public final class FileHubStorage: HubStorage {
    /// The store.
    public let store: Store
    /// The device registry file (shared with `selaras hub` commands through its file lock).
    public let registryFile: RegistryFile
    /// The download audit log.
    public let auditLog: AuditLog
    /// The store's sync state, read once at open and kept equal to the file.
    var syncState: SyncState

    /// Opens a hub's store (it must exist) and its hub files.
    /// - Throws: `StoreError` (not a store, locked by another process, …) or ``HubError``.
    public init(directory: String) throws {
        let store = try Store.open(at: directory)
        do {
            registryFile = try RegistryFile(storeDirectory: directory)
            syncState = try SyncState.load(store)
        } catch {
            store.close()
            throw error
        }
        self.store = store
        auditLog = AuditLog(directory: registryFile.directory)
    }

    public var replica: ReplicaID { store.replica }
    public var publicKey: [UInt8] { Array(store.publicKey.rawRepresentation) }
    public func sign(_ bytes: [UInt8]) throws -> [UInt8] { try store.sign(bytes) }
    public func derivedSecret(label: String) -> [UInt8] { store.derivedSecret(label: label) }
    public var label: String { store.metadata.label }
    public var homeKelurahan: Kelurahan { store.metadata.kelurahan }

    public nonisolated(nonsending) func versionVector() async throws -> VersionVector { store.versionVector }
    public nonisolated(nonsending) func knownKeys() async throws -> [ReplicaID: [UInt8]] { syncState.keys }

    public nonisolated(nonsending) func apply(_ bundle: VerifiedBundle, name: String) async throws -> BundleImporter.Summary {
        var state = syncState
        do {
            defer { syncState = state }
            return try BundleImporter(store: store).apply(bundle, state: &state, name: name)
        } catch {
            // The store rolled back whatever the apply wrote: the copy must not keep more than the file.
            if let fresh = try? SyncState.load(store) { syncState = fresh }
            throw error
        }
    }

    public nonisolated(nonsending) func writeAnswer(to path: String, assumed: VersionVector, scope: Set<UInt16>?) async throws -> UInt64 {
        // Streamed once and removed: zlib level 1 and no fsync (lost in a crash, it is written
        // again on the laptop's next sync).
        var writer = BundleWriter(store: store, state: syncState)
        writer.compressionLevel = 1
        writer.durable = false
        return try writer.write(to: path, assumed: assumed, kelurahan: scope).events
    }

    public nonisolated(nonsending) func forEachEvent(after vector: VersionVector, scope: Set<UInt16>?, _ body: (StreamID, UInt64, Event) throws -> Void) async throws {
        let now = store.versionVector
        for s in now.streams where now[s] > vector[s] && (scope?.contains(s.kelurahanCode) ?? true) {
            try store.forEachEncodedEvent(in: s, after: vector[s]) { seq, payload in try body(s, seq, try Event.decode(payload)) }
        }
    }

    public nonisolated(nonsending) func record(_ draft: EventDraft) async throws -> Event {
        guard let event = try store.record([draft]).first else { throw HubError.io("no event was recorded") }
        return event
    }

    public nonisolated(nonsending) func foldState() async throws -> (state: ConsolidatedState, vector: VersionVector) {
        (try ConsolidatedState(store: store), store.versionVector)
    }

    public nonisolated(nonsending) func waitingSegments() async throws -> [WaitingSegment] {
        let vv = store.versionVector
        return try PendingArea(store: store).segments().filter { $0.lastSeq > vv[$0.stream] }.map {
            WaitingSegment(stream: $0.stream, firstSeq: $0.firstSeq, lastSeq: $0.lastSeq, missingFrom: vv[$0.stream] + 1)
        }
    }

    public nonisolated(nonsending) func readRegistry() async throws -> DeviceRegistry { try registryFile.read() }
    public nonisolated(nonsending) func registryVersion() async throws -> [Int] { registryFile.identity() }
    public nonisolated(nonsending) func updateRegistry<T>(_ body: (inout DeviceRegistry) throws -> T) async throws -> T { try registryFile.update(body) }
    public nonisolated(nonsending) func createLoginCode(label: String, now: Int64) async throws -> String {
        try LoginCodes(registry: registryFile).create(label: label, now: now)
    }
    public nonisolated(nonsending) func claimLoginCode(_ code: String, now: Int64) async throws -> String? { try LoginCodes(registry: registryFile).claim(code, now: now) }

    public nonisolated(nonsending) func appendAudit(at: Int64, by downloader: Downloader, format: String, tier: String, bytes: UInt64, sha256: [UInt8]) async throws {
        try auditLog.append(at: at, by: downloader, format: format, tier: tier, bytes: bytes, sha256: sha256)
    }

    public nonisolated(nonsending) func auditEntries() async throws -> [AuditLog.Entry] { try auditLog.entries() }

    public nonisolated(nonsending) func close() async { store.close() }
}
