import Foundation
import Logging
import SelarasHub
import SelarasLog
import SelarasModel
import SelarasTestSupport
import ServiceLifecycle
import Testing

/// A real hub for the app's Sinkron tests: started on 127.0.0.1 (port 0) over a new store in a
/// temporary directory, stopped after `body`.
func withAppHub<T: Sendable>(_ body: @Sendable (_ hub: Hub, _ url: String) async throws -> T) async throws -> T {
    let tmp = try TemporaryDirectory(prefix: "selaras-app-hub")
    let dir = tmp.child("hub")
    try Store.create(at: dir, kelurahan: Kelurahan(code: 1)!, label: "hub").close()
    var config = HubConfiguration()
    config.port = 0
    var logger = Logger(label: "selaras.app.hub.test")
    logger.logLevel = .warning
    let hub = try await Hub(storeDirectory: dir, configuration: config, logger: logger)
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let server = HubServer.application(hub: hub) { port in continuation.yield(port) }
    let services = ServiceGroup(services: [server], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
    let result: Result<T, any Error> = await withTaskGroup(of: Void.self) { group in
        group.addTask { try? await services.run() }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next() else {
            await services.triggerGracefulShutdown()
            return .failure(HubError(status: 0, code: "no-port", "the hub did not start"))
        }
        let r: Result<T, any Error>
        do { r = .success(try await body(hub, "http://127.0.0.1:\(port)")) } catch { r = .failure(error) }
        await services.triggerGracefulShutdown()
        return r
    }
    await hub.close()
    tmp.cleanup()
    return try result.get()
}
