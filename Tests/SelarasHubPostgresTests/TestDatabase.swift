import Foundation
import Logging
import PostgresNIO
import SelarasHubPostgres
import SelarasTestSupport
import Testing

/// Whether the PostgreSQL cases can run here (the binaries are installed); when not, each
/// PostgreSQL suite is skipped with ``PostgresCluster/skipReason``.
let postgresInstalled = PostgresCluster.findBinaries() != nil

/// The trait every PostgreSQL suite carries.
let needsPostgres = ConditionTrait.enabled(if: postgresInstalled, Comment(rawValue: PostgresCluster.skipReason))

/// A quiet logger for the tests' clients.
let testLogger: Logger = {
    var l = Logger(label: "selaras.test.postgres")
    l.logLevel = .warning
    return l
}()

/// Makes a new empty database in the process's throwaway cluster and runs `body` with its
/// address and a client connected to it.
///
/// The first answer may wait up to 120 s, not the product's 15: in `swift test` every suite
/// runs at once in one process on 2 cores, and the connection's first query then waited more
/// than 15 s for a thread (all PostgreSQL cases failed that way in a full run, none alone).
func withFreshDatabase<T: Sendable>(_ body: (DatabaseAddress, PostgresClient) async throws -> T) async throws -> T {
    let cluster = try #require(try PostgresCluster.shared(), "\(PostgresCluster.skipReason)")
    let address = try DatabaseAddress(parsing: cluster.url(database: try cluster.createDatabase()))
    return try await HubDatabase.withClient(address, logger: testLogger, timeout: .seconds(120)) { client in try await body(address, client) }
}
