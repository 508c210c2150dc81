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
/// The cluster is started and the database made on threads of their own (``PostgresCluster/sharedStarted()``),
/// not on the cooperative threads, whose blocking was the suspected cause of first queries
/// waiting more than 15 s in a full `swift test` run on 2 cores. The first answer may still
/// wait up to 120 s, not the product's 15, until a full run shows the margin is not needed.
func withFreshDatabase<T: Sendable>(_ body: (DatabaseAddress, PostgresClient) async throws -> T) async throws -> T {
    let cluster = try #require(try await PostgresCluster.sharedStarted(), "\(PostgresCluster.skipReason)")
    let address = try DatabaseAddress(parsing: cluster.url(database: try await cluster.newDatabase()))
    return try await HubDatabase.withClient(address, logger: testLogger, timeout: .seconds(120)) { client in try await body(address, client) }
}
