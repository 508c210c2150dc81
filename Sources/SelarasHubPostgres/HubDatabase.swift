import Logging
import PostgresNIO

/// Runs a postgres-nio client (its connection pool) for the length of a body, in a child
/// task of the caller (structured: the pool stops when the body returns or throws).
public enum HubDatabase {
    /// Connects to the database, checks it answers within `timeout`, runs `body` with the
    /// client, then stops the pool.
    /// - Throws: ``DatabaseError`` `.server` when the server cannot be reached in time or
    ///   refuses the login (the message names the address without its password); the body's errors.
    public static func withClient<T: Sendable>(_ address: DatabaseAddress, logger: Logger, timeout: Duration = .seconds(15),
                                               _ body: (PostgresClient) async throws -> T) async throws -> T {
        var configuration = address.configuration
        configuration.options.connectTimeout = timeout
        // The pool's own log lines below .error are not shown: postgres-nio warns when a query
        // is queued before `run()` has started (a race it handles), and an unreachable server is
        // reported by ``probe`` in one sentence; a command must print one sentence, not both.
        var background = logger
        if background.logLevel < .error { background.logLevel = .error }
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await probe(client, address: address, timeout: timeout)
            return try await body(client)
        }
    }

    /// Waits for `SELECT 1` to answer, at most `timeout` (the pool retries a refused connection
    /// for ever; a wrong address must fail with a sentence instead).
    static func probe(_ client: PostgresClient, address: DatabaseAddress, timeout: Duration) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                do { try await client.query("SELECT 1") } catch {
                    throw DatabaseError.server("reach the database \(address)", error)
                }
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            let answered = try await group.next() ?? false
            group.cancelAll()
            guard answered else {
                throw DatabaseError(.server, "could not reach the database \(address) within \(timeout): is the server running and the address right?")
            }
        }
    }
}
