import Logging
import PostgresNIO

/// Applies ``HubSchema``'s migrations that a database lacks (`selaras hub migrate`), all in one
/// transaction under an advisory lock: two processes migrating at once apply each migration
/// once, and a failed migration leaves the database as it was.
public enum HubMigrator {
    /// The advisory lock key taken while migrating ("SLRSMIGR").
    static let lockKey: Int64 = 0x534C_5253_4D49_4752

    /// Applies every migration the database lacks.
    /// - Returns: the versions applied now, in order (empty when it was current).
    /// - Throws: ``DatabaseError`` `.schema` when the database's schema is newer than this
    ///   program knows (nothing is changed), `.server` when a statement fails (nothing is changed).
    @discardableResult
    public static func migrate(_ client: PostgresClient, logger: Logger) async throws -> [Int] {
        do {
            return try await client.withTransaction(logger: logger) { connection -> [Int] in
                try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS selaras_schema (
                        version integer PRIMARY KEY,
                        name text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """, logger: logger)
                let current = try await version(connection, logger: logger)
                guard current <= HubSchema.latest else {
                    throw DatabaseError(.schema, "the database's schema is at version \(current), newer than this selaras knows (\(HubSchema.latest)); run a newer selaras (nothing was changed)")
                }
                var applied: [Int] = []
                for m in HubSchema.migrations where m.version > current {
                    for statement in m.statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                    try await connection.query("INSERT INTO selaras_schema (version, name) VALUES (\(m.version), \(m.name))", logger: logger)
                    applied.append(m.version)
                }
                return applied
            }
        } catch let e as DatabaseError {
            throw e
        } catch let e as PostgresTransactionError {
            throw DatabaseError.server("migrate the database's schema (nothing was changed)", e.closureError ?? e.beginError ?? e.commitError ?? e)
        } catch {
            throw DatabaseError.server("migrate the database's schema (nothing was changed)", error)
        }
    }

    /// The database's schema version (0: none applied).
    /// - Throws: ``DatabaseError`` `.server`.
    public static func currentVersion(_ client: PostgresClient, logger: Logger) async throws -> Int {
        do {
            return try await client.withConnection { connection in
                let exists = try await connection.query("SELECT to_regclass('selaras_schema') IS NOT NULL", logger: logger)
                for try await present in exists.decode(Bool.self) where !present { return 0 }
                return try await version(connection, logger: logger)
            }
        } catch {
            throw DatabaseError.server("read the database's schema version", error)
        }
    }

    /// The highest version recorded in `selaras_schema`, checked to be a plausible number.
    static func version(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query("SELECT coalesce(max(version), 0) FROM selaras_schema", logger: logger)
        var found = 0
        for try await v in rows.decode(Int32.self) {
            guard v >= 0 else { throw DatabaseError(.schema, "selaras_schema holds the version \(v), which no Selaras migration has; this is not a Selaras hub database") }
            found = Int(v)
        }
        return found
    }
}
