import Foundation
import Logging
import PostgresNIO
import SelarasDashboard
import SelarasHub
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasSync

/// The hub's storage in PostgreSQL, shared by every hub process on the database: events (their
/// canonical bytes by stream and seq, with the hash that chains them), stream heads, origin
/// keys, waiting events, and through ``PostgresHubRegistry`` the devices, codes and audit log.
///
/// The hub's identity (replica id, signing key, label) stays in the hub's directory, a Selaras
/// store that holds no events here: every process is given a copy of it and opens its own.
///
/// Every operation is atomic by itself against every other process: a bundle is applied in
/// one transaction under a per-origin advisory lock (``apply(_:name:)``), and rows read back
/// are checked before use (an event's bytes decoded with the same checks as a bundle's).
public final class PostgresHubStorage: HubStorage {
    /// The client (its pool runs elsewhere, see ``HubDatabase``).
    public let client: PostgresClient
    /// Devices, codes, audit.
    public let registry: PostgresHubRegistry
    /// The hub's identity: a store in the hub's directory (its logs stay empty).
    let identity: Store
    let logger: Logger

    /// The channel every process LISTENs on: a NOTIFY on it (sent in the transaction that
    /// appended events) says the events changed.
    public static let eventsChannel = "selaras_events"

    /// Rows bound per INSERT statement (3 parameters each, under PostgreSQL's 65,535).
    static let rowsPerInsert = 2000

    /// Opens the storage: checks the database's schema is this program's, opens the identity.
    /// - Parameters:
    ///   - client: a running client on the hub's database.
    ///   - directory: the hub's directory (a Selaras store: `selaras hub serve` creates it).
    /// - Throws: ``DatabaseError`` `.schema` when the database needs `selaras hub migrate` (or
    ///   a newer selaras), `.server`; `StoreError` when the directory is not a store or is in use.
    public init(client: PostgresClient, directory: String, logger: Logger) async throws {
        let version = try await HubMigrator.currentVersion(client, logger: logger)
        guard version == HubSchema.latest else {
            throw DatabaseError(.schema, version < HubSchema.latest
                ? "the database's schema is at version \(version) and this selaras needs \(HubSchema.latest); run `selaras hub migrate --database …` first"
                : "the database's schema is at version \(version), newer than this selaras knows (\(HubSchema.latest)); run a newer selaras")
        }
        self.client = client
        self.logger = logger
        registry = PostgresHubRegistry(client: client, logger: logger)
        identity = try Store.open(at: directory)
    }

    public var replica: ReplicaID { identity.replica }
    public var publicKey: [UInt8] { Array(identity.publicKey.rawRepresentation) }
    public func sign(_ bytes: [UInt8]) throws -> [UInt8] { try identity.sign(bytes) }
    public func derivedSecret(label: String) -> [UInt8] { identity.derivedSecret(label: label) }
    public var label: String { identity.metadata.label }
    public var homeKelurahan: Kelurahan { identity.metadata.kelurahan }

    // MARK: Heads and keys

    public nonisolated(nonsending) func versionVector() async throws -> VersionVector {
        do {
            return try await client.withConnection { c in
                var vv = VersionVector()
                for h in try await Self.heads(c, logger: logger) { vv[h.stream] = h.seq }
                return vv
            }
        } catch { throw DatabaseError.server("read the hub's version vector", error) }
    }

    public nonisolated(nonsending) func knownKeys() async throws -> [ReplicaID: [UInt8]] {
        do { return try await client.withConnection { c in try await Self.keys(c, logger: logger) } } catch {
            throw DatabaseError.server("read the origins' keys", error)
        }
    }

    /// Every stream's head, checked.
    static func heads(_ c: PostgresConnection, logger: Logger) async throws -> [StoredHead] {
        let rows = try await c.query(PostgresQuery(unsafeSQL: "SELECT \(StoredHead.columns) FROM streams WHERE seq > 0"), logger: logger)
        var out: [StoredHead] = []
        for try await (o, k, seq, hash, sig) in rows.decode((Int64, Int16, Int64, Data, Data?).self) {
            out.append(try StoredHead(origin: o, kelurahan: k, seq: seq, hash: hash, signature: sig))
        }
        // In StreamID's order (unsigned ids), not the database's (signed bigint): a bundle's sections go in it.
        return out.sorted { $0.stream < $1.stream }
    }

    /// One stream's head (nil: it has no events), checked.
    static func head(of s: StreamID, _ c: PostgresConnection, logger: Logger) async throws -> StoredHead? {
        let rows = try await c.query("""
            SELECT origin, kelurahan, seq, hash, signed_head FROM streams WHERE origin = \(s.originColumn) AND kelurahan = \(s.kelurahanColumn)
            """, logger: logger)
        var found: StoredHead?
        for try await (o, k, seq, hash, sig) in rows.decode((Int64, Int16, Int64, Data, Data?).self) {
            found = try StoredHead(origin: o, kelurahan: k, seq: seq, hash: hash, signature: sig)
        }
        return found
    }

    /// The origins' keys, checked (32 bytes, the key the id is derived from).
    static func keys(_ c: PostgresConnection, logger: Logger) async throws -> [ReplicaID: [UInt8]] {
        let rows = try await c.query("SELECT origin, public_key FROM origin_keys", logger: logger)
        var out: [ReplicaID: [UInt8]] = [:]
        for try await (o, key) in rows.decode((Int64, Data).self) {
            let id = ReplicaID(rawValue: UInt64(bitPattern: o))
            let row = RowCheck(table: "origin_keys", row: "origin \(id)")
            try row.check(key.count == 32, "public_key", "\(key.count) bytes", "32 bytes")
            try row.check(ReplicaID.derived(fromPublicKey: Array(key)) == id, "public_key", "a key of another replica", "the key the id is derived from")
            out[id] = Array(key)
        }
        return out
    }

    // MARK: Devices, codes, audit

    public nonisolated(nonsending) func readRegistry() async throws -> DeviceRegistry { try await registry.read() }
    public nonisolated(nonsending) func registryVersion() async throws -> [Int] { try await registry.version() }
    public nonisolated(nonsending) func updateRegistry<T>(_ body: (inout DeviceRegistry) throws -> T) async throws -> T {
        var result: T?
        try await registry.update { reg in result = try body(&reg) }
        guard let result else { throw DatabaseError(.server, "the registry change returned nothing") }
        return result
    }
    public nonisolated(nonsending) func createLoginCode(label: String, now: Int64) async throws -> String {
        try await registry.createLoginCode(label: label, now: now)
    }
    public nonisolated(nonsending) func claimLoginCode(_ code: String, now: Int64) async throws -> String? {
        try await registry.claimLoginCode(code, now: now)
    }
    public nonisolated(nonsending) func appendAudit(at: Int64, by downloader: Downloader, format: String, tier: String, bytes: UInt64, sha256: [UInt8]) async throws {
        try await registry.appendAudit(at: at, by: downloader, format: format, tier: tier, bytes: bytes, sha256: sha256)
    }
    public nonisolated(nonsending) func auditEntries() async throws -> [AuditLog.Entry] { try await registry.auditEntries() }

    /// Releases the identity's store (its lock); the client is the caller's.
    public nonisolated(nonsending) func close() async { identity.close() }

    /// The error for a failed transaction: the body's own refusal as it was thrown
    /// (``SyncError``, ``DatabaseError``, ``HubError``), else a server failure doing `what`.
    static func unwrap(_ error: any Error, _ what: String) -> any Error {
        if let e = error as? PostgresTransactionError {
            if let inner = e.closureError, inner is SyncError || inner is DatabaseError || inner is HubError { return inner }
            return DatabaseError.server(what, e.closureError ?? e.beginError ?? e.commitError ?? e)
        }
        if error is SyncError || error is DatabaseError || error is HubError { return error }
        return DatabaseError.server(what, error)
    }
}
