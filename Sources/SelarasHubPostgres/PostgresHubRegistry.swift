import Crypto
import Foundation
import Logging
import PostgresNIO
import SelarasHub
import SelarasHubProtocol
import SelarasModel

/// The hub's devices, enrolment codes, dashboard login codes and download audit log in
/// PostgreSQL (tables of ``HubSchema`` version 1), shared by every hub process on the database.
///
/// Every row read back is checked before use (ids, key and hash lengths, roles, kelurahan
/// codes, label limits): a row out of range is refused with a sentence naming its table, row
/// and column, never trapped on.
public final class PostgresHubRegistry: Sendable {
    /// The client (its pool runs elsewhere, see ``HubDatabase``).
    public let client: PostgresClient
    let logger: Logger

    /// Uses a running client.
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    // MARK: Registry

    /// The registry as stored now.
    /// - Throws: ``DatabaseError``.
    public func read() async throws -> DeviceRegistry {
        do { return try await client.withConnection { try await Self.read($0, logger: logger) } } catch {
            throw DatabaseError.server("read the device registry", error)
        }
    }

    /// A value that changes with every registry change (any process's).
    /// - Throws: ``DatabaseError``.
    public func version() async throws -> [Int] {
        do {
            let rows = try await client.query("SELECT version FROM registry_version", logger: logger)
            var out: [Int] = []
            for try await v in rows.decode(Int64.self) { out.append(Int(truncatingIfNeeded: v)) }
            return out
        } catch { throw DatabaseError.server("read the registry's version", error) }
    }

    /// Changes the registry in one transaction, serialized with every other process's change
    /// (the version row is locked first): the body sees the registry as stored, and what it
    /// leaves is written (only the rows that differ) unless it throws.
    /// - Throws: the body's error (nothing written), or ``DatabaseError``.
    public nonisolated(nonsending) func update<T: Sendable>(_ body: (inout DeviceRegistry) throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { c -> T in
                try await c.query("SELECT version FROM registry_version FOR UPDATE", logger: logger)
                let before = try await Self.read(c, logger: logger)
                var after = before
                let result = try body(&after)
                guard after != before else { return result }
                if let problem = after.problem { throw DatabaseError(.badRow, "the registry change was refused: \(problem)") }
                for id in before.devices.keys where after.devices[id] == nil {
                    try await c.query("DELETE FROM devices WHERE id = \(Int64(bitPattern: id.rawValue))", logger: logger)
                }
                for (id, d) in after.devices where before.devices[id] != d { try await Self.upsert(d, c, logger: logger) }
                if after.pending != before.pending {
                    try await c.query("DELETE FROM enrolment_codes", logger: logger)
                    for p in after.pending {
                        try await c.query("""
                            INSERT INTO enrolment_codes (code_hash, role, kelurahan, expires_at)
                            VALUES (\(Data(p.codeHash)), \(p.role.rawValue), \(p.kelurahan.map { Int16(bitPattern: $0) }), \(p.expiresAt))
                            """, logger: logger)
                    }
                }
                try await c.query("UPDATE registry_version SET version = version + 1", logger: logger)
                return result
            }
        } catch let e as PostgresTransactionError {
            if let inner = e.closureError, !(inner is PSQLError) { throw inner }
            throw DatabaseError.server("change the device registry (nothing was changed)", e.closureError ?? e.beginError ?? e.commitError ?? e)
        } catch let e as DatabaseError { throw e } catch {
            throw DatabaseError.server("change the device registry (nothing was changed)", error)
        }
    }

    static func upsert(_ d: Device, _ c: PostgresConnection, logger: Logger) async throws {
        let bundles = Data(d.recentBundles.joined())
        try await c.query("""
            INSERT INTO devices (id, public_key, role, kelurahan, label, enrolled_at, token_hash, last_sync, revoked_at, recent_bundles)
            VALUES (\(Int64(bitPattern: d.id.rawValue)), \(Data(d.publicKey)), \(d.role.rawValue), \(d.kelurahan.map { Int16(bitPattern: $0) }),
                    \(d.label), \(d.enrolledAt), \(Data(d.tokenHash)), \(d.lastSync), \(d.revokedAt), \(bundles))
            ON CONFLICT (id) DO UPDATE SET token_hash = EXCLUDED.token_hash, last_sync = EXCLUDED.last_sync,
                revoked_at = EXCLUDED.revoked_at, recent_bundles = EXCLUDED.recent_bundles, label = EXCLUDED.label,
                role = EXCLUDED.role, kelurahan = EXCLUDED.kelurahan, public_key = EXCLUDED.public_key, enrolled_at = EXCLUDED.enrolled_at
            """, logger: logger)
    }

    /// Reads devices and pending codes, checking every value.
    static func read(_ c: PostgresConnection, logger: Logger) async throws -> DeviceRegistry {
        var reg = DeviceRegistry()
        let devices = try await c.query("""
            SELECT id, public_key, role, kelurahan, label, enrolled_at, token_hash, last_sync, revoked_at, recent_bundles FROM devices
            """, logger: logger)
        for try await (id, key, role, kelurahan, label, enrolledAt, tokenHash, lastSync, revokedAt, bundles)
            in devices.decode((Int64, Data, String, Int16?, String, Int64, Data, Int64, Int64, Data).self) {
            let row = RowCheck(table: "devices", row: "id \(ReplicaID(rawValue: UInt64(bitPattern: id)))")
            let replica = ReplicaID(rawValue: UInt64(bitPattern: id))
            try row.check(key.count == 32, "public_key", "\(key.count) bytes", "32 bytes")
            try row.check(ReplicaID.derived(fromPublicKey: Array(key)) == replica, "public_key", "a key of another replica", "the key the id is derived from")
            let hubRole = try row.role(role)
            let code = try row.kelurahan(kelurahan)
            try row.check(hubRole != .cadre || code != nil, "kelurahan", "none", "a kelurahan for a cadre")
            try row.check(tokenHash.count == 32, "token_hash", "\(tokenHash.count) bytes", "32 bytes")
            try row.check(bundles.count % 32 == 0 && bundles.count / 32 <= Device.recentBundlesKept, "recent_bundles", "\(bundles.count) bytes",
                          "up to \(Device.recentBundlesKept) digests of 32 bytes")
            if let problem = EnrolRequest.labelLimit.problem(label, what: "label") { throw row.bad("label", problem) }
            var d = Device(id: replica, publicKey: Array(key), role: hubRole, kelurahan: code, label: label, enrolledAt: enrolledAt, tokenHash: Array(tokenHash))
            d.lastSync = lastSync
            d.revokedAt = revokedAt
            d.recentBundles = stride(from: 0, to: bundles.count, by: 32).map { Array(bundles[bundles.startIndex + $0 ..< bundles.startIndex + $0 + 32]) }
            reg.devices[replica] = d
        }
        let pending = try await c.query("SELECT code_hash, role, kelurahan, expires_at FROM enrolment_codes ORDER BY expires_at, code_hash", logger: logger)
        for try await (hash, role, kelurahan, expires) in pending.decode((Data, String, Int16?, Int64).self) {
            let row = RowCheck(table: "enrolment_codes", row: "expiring at \(expires)")
            try row.check(hash.count == 32, "code_hash", "\(hash.count) bytes", "32 bytes")
            reg.pending.append(PendingEnrolment(codeHash: Array(hash), role: try row.role(role), kelurahan: try row.kelurahan(kelurahan), expiresAt: expires))
        }
        return reg
    }

    // MARK: Login codes

    /// Makes a one-time dashboard login code (only its hash is stored).
    /// - Throws: ``HubError`` 400 for a label that is too long or not one line; ``DatabaseError``.
    public func createLoginCode(label: String, now: Int64) async throws -> String {
        if let problem = LoginCodes.labelLimit.oneLineProblem(label, what: "label") { throw HubError(status: 400, code: "bad-request", problem) }
        let code = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        do {
            try await client.query("""
                INSERT INTO login_codes (code_hash, label, expires_at) VALUES (\(Self.hash(code)), \(label), \(now + LoginCodes.lifetimeMilliseconds))
                """, logger: logger)
        } catch { throw DatabaseError.server("store a login code", error) }
        return code
    }

    /// Claims a login code once (any process): the label, or nil when unknown, used or expired.
    /// - Throws: ``DatabaseError``.
    public func claimLoginCode(_ code: String, now: Int64) async throws -> String? {
        guard !code.isEmpty, code.count <= 100 else { return nil }
        do {
            let rows = try await client.query("""
                UPDATE login_codes SET used_at = \(now) WHERE code_hash = \(Self.hash(code)) AND used_at IS NULL RETURNING label, expires_at
                """, logger: logger)
            var found: String?
            for try await (label, expires) in rows.decode((String, Int64).self) where now < expires { found = label }
            return found
        } catch { throw DatabaseError.server("claim a login code", error) }
    }

    static func hash(_ code: String) -> Data { Data(SHA256.hash(data: Array(code.utf8))) }

    // MARK: Audit

    /// Appends a download to the audit log (committed before this returns).
    /// - Throws: ``DatabaseError`` (the download is then refused).
    public func appendAudit(at: Int64, by downloader: Downloader, format: String, tier: String, bytes: UInt64, sha256: [UInt8]) async throws {
        let device: Int64?, session: String?, label: String?, role: HubRole
        switch downloader {
        case .device(let d): (device, session, label, role) = (Int64(bitPattern: d.id.rawValue), nil, nil, d.role)
        case .session(let s): (device, session, label, role) = (nil, s.id, s.label, .office)
        }
        guard bytes <= UInt64(Int64.max) else { throw DatabaseError(.badRow, "the audit entry's size \(bytes) is over \(Int64.max) bytes") }
        do {
            try await client.query("""
                INSERT INTO audit (at, device, session, session_label, role, format, tier, bytes, sha256)
                VALUES (\(at), \(device), \(session), \(label), \(role.rawValue), \(format), \(tier), \(Int64(bytes)), \(Data(sha256)))
                """, logger: logger)
        } catch { throw DatabaseError.server("append to the audit log", error) }
    }

    /// The audit log, oldest first, every row checked.
    /// - Throws: ``DatabaseError``.
    public func auditEntries() async throws -> [AuditLog.Entry] {
        do {
            let rows = try await client.query("SELECT n, at, device, session, session_label, role, format, tier, bytes, sha256 FROM audit ORDER BY n", logger: logger)
            var out: [AuditLog.Entry] = []
            for try await (n, at, device, session, label, role, format, tier, bytes, sha) in rows.decode((Int64, Int64, Int64?, String?, String?, String, String, String, Int64, Data).self) {
                let row = RowCheck(table: "audit", row: "n \(n)")
                try row.check(bytes >= 0, "bytes", "\(bytes)", "0 or more")
                try row.check(sha.count == 32, "sha256", "\(sha.count) bytes", "32 bytes")
                try row.check((device == nil) != (session == nil), "device/session", "both or neither", "exactly one")
                out.append(AuditLog.Entry(at: WallClock.iso8601(milliseconds: at), device: device.map { ReplicaID(rawValue: UInt64(bitPattern: $0)).description },
                                          session: session, sessionLabel: label, role: try row.role(role), format: format, tier: tier,
                                          bytes: UInt64(bytes), sha256: sha.map { String(format: "%02x", $0) }.joined()))
            }
            return out
        } catch let e as DatabaseError { throw e } catch { throw DatabaseError.server("read the audit log", error) }
    }
}
