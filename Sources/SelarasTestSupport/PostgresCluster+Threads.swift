import Foundation

extension PostgresCluster {
    /// ``shared()`` from async code: the first call starts the cluster (`initdb`, `pg_ctl`, each
    /// waited for with `waitpid`) on a thread of its own, never on one of Swift's cooperative
    /// threads (on 2 cores there are 2, and a blocked one starves every task meanwhile, the
    /// database client's included).
    public static func sharedStarted() async throws -> PostgresCluster? {
        try await onThread { try shared() }
    }

    /// ``createDatabase(prefix:)`` from async code, `createdb` waited for on a thread of its own.
    public func newDatabase(prefix: String = "t") async throws -> String {
        try await Self.onThread { [self] in try createDatabase(prefix: prefix) }
    }

    /// Runs blocking work on a new thread and waits for it without blocking the caller's thread.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
