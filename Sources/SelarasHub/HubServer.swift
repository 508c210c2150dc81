import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SelarasHubProtocol

/// The hub's HTTP face: a Hummingbird application whose routes are registered one group per
/// file (`Routes/`); add a group by writing a `register…(on:hub:)` function and calling it here.
public enum HubServer {
    /// The router with every route group and the JSON error middleware.
    public static func router(hub: Hub) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: HubErrorMiddleware(logger: hub.logger))
        HubRoutes.registerHealth(on: router, hub: hub)
        HubRoutes.registerEnrolment(on: router, hub: hub)
        HubRoutes.registerDevices(on: router, hub: hub)
        HubRoutes.registerSync(on: router, hub: hub)
        HubRoutes.registerExports(on: router, hub: hub)
        HubRoutes.registerDashboard(on: router, hub: hub)
        return router
    }

    /// The application, listening on the hub's configured host and port.
    /// - Parameter onRunning: called with the bound port once the server listens (the port
    ///   chosen by the system when the configured port is 0).
    public static func application(hub: Hub, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(hub: hub),
            configuration: ApplicationConfiguration(
                address: .hostname(hub.configuration.host, port: hub.configuration.port), serverName: "selaras-hub"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: hub.logger
        )
    }

    /// Runs until SIGTERM or SIGINT, then finishes the requests in flight, stops and closes the store.
    public static func run(hub: Hub, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        do {
            try await application(hub: hub, onRunning: onRunning).runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            await hub.close()
            throw error
        }
        await hub.close()
        hub.logger.info("hub stopped")
    }
}

/// Turns ``HubError``s into JSON answers (`{"error": …, "message": …}`) with their status,
/// and logs each refusal (code and status only: never a token or personal data).
struct HubErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as HubError {
            logger.notice("refused", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)",
                                                "status": "\(e.status)", "error": "\(e.code)"])
            return HubRoutes.json(e.body, status: e.status)
        }
    }
}

/// The route groups (one file each) and their shared helpers.
enum HubRoutes {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    /// A JSON answer.
    static func json(_ value: some Encodable, status: Int = 200) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The device behind the request's bearer token.
    static func device(_ request: Request, hub: Hub) async throws -> Device {
        try await hub.authenticate(request.headers[.authorization])
    }

    /// A header name that is known to be valid.
    static func header(_ name: String) -> HTTPField.Name { HTTPField.Name(name)! }
}
