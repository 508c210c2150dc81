import Foundation
import Logging
import PostgresNIO
import SelarasHub
import SelarasHubPostgres
import SelarasLog
import SelarasModel
import SelarasTestSupport
import Testing

/// The storages the hub can run on; the hub's tests run against each.
enum StorageKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// The embedded file store.
    case file
    /// PostgreSQL: a new database in the test process's throwaway cluster.
    case postgres

    var testDescription: String { rawValue }

    /// The kinds that can run here: PostgreSQL only when its binaries are installed (else
    /// ``PostgresAvailabilityTests`` says in one line that its cases are skipped).
    static let testable: [StorageKind] = PostgresCluster.findBinaries() == nil ? [.file] : allCases

    /// A quiet logger for the database client.
    static let quiet: Logger = {
        var l = Logger(label: "selaras.test.storage")
        l.logLevel = .warning
        return l
    }()

    /// Runs `body` with the directory of a new hub identity (`TMP/hub`) and, for PostgreSQL,
    /// a client on a new migrated database; ``open(_:_:)`` makes the storage on them.
    func withStorage<T: Sendable>(in tmp: TemporaryDirectory, _ body: (String, PostgresClient?) async throws -> T) async throws -> T {
        let dir = tmp.child("hub")
        try Store.create(at: dir, kelurahan: Kelurahan(code: 1)!, label: "hub").close()
        switch self {
        case .file:
            return try await body(dir, nil)
        case .postgres:
            let cluster = try #require(try await PostgresCluster.sharedStarted(), "\(PostgresCluster.skipReason)")
            let address = try DatabaseAddress(parsing: cluster.url(database: try await cluster.newDatabase()))
            // The first answer may wait long when every suite runs at once on 2 cores.
            return try await HubDatabase.withClient(address, logger: Self.quiet, timeout: .seconds(120)) { client in
                try await HubMigrator.migrate(client, logger: Self.quiet)
                return try await body(dir, client)
            }
        }
    }

    /// A new hub storage of this kind on what ``withStorage(in:_:)`` prepared (the caller closes it).
    func open(_ dir: String, _ client: PostgresClient?) async throws -> any HubStorage {
        switch self {
        case .file: return try FileHubStorage(directory: dir)
        case .postgres: return try await PostgresHubStorage(client: try #require(client), directory: dir, logger: Self.quiet)
        }
    }

    /// Digests of every table of the hub's database that holds state (what "nothing changed" compares).
    static func databaseSnapshot(_ client: PostgresClient) async throws -> [String: String] {
        var out: [String: String] = [:]
        for table in ["events", "streams", "waiting_events", "origin_keys", "devices", "enrolment_codes", "login_codes", "audit"] {
            let rows = try await client.query(PostgresQuery(unsafeSQL: """
                SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \(table) AS t
                """), logger: quiet)
            for try await digest in rows.decode(String.self) { out["db/" + table] = digest }
        }
        return out
    }
}

/// Says once, in one line, when the PostgreSQL cases of the hub's tests cannot run here.
@Suite struct PostgresAvailabilityTests {
    @Test(.enabled(if: PostgresCluster.findBinaries() != nil, Comment(rawValue: PostgresCluster.skipReason)))
    func postgresCasesRun() {
        #expect(StorageKind.testable.contains(.postgres))
    }
}
