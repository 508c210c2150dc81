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
        // The routes, listed once on a scratch router, so that the error middleware (added
        // before them) can answer a path it does not know with 404 and a wrong method with 405.
        let scratch = Router()
        registerRoutes(on: scratch, hub: hub)
        let router = Router()
        router.add(middleware: HubErrorMiddleware(logger: hub.logger, routes: HubRouteTable(scratch)))
        registerRoutes(on: router, hub: hub)
        return router
    }

    /// Registers every route group.
    static func registerRoutes(on router: Router<BasicRequestContext>, hub: Hub) {
        HubRoutes.registerHome(on: router, hub: hub)
        HubRoutes.registerHealth(on: router, hub: hub)
        HubRoutes.registerEnrolment(on: router, hub: hub)
        HubRoutes.registerDevices(on: router, hub: hub)
        HubRoutes.registerSync(on: router, hub: hub)
        HubRoutes.registerExports(on: router, hub: hub)
        HubRoutes.registerDashboard(on: router, hub: hub)
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

    /// Runs until SIGTERM or SIGINT, then finishes the requests in flight, stops and closes the
    /// store. The dashboard's figures for the last complete month start computing at once (off
    /// the request path, see ``Hub/prepareDashboard(month:)``). Beside the server, a child task writes the devices' sync bookkeeping to the
    /// registry once its interval has passed (so `selaras hub devices` sees a burst's last syncs
    /// without waiting for the next one).
    public static func run(hub: Hub, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                await hub.prepareDashboard()
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: hub.configuration.registryWriteInterval == .zero ? .seconds(1) : hub.configuration.registryWriteInterval)
                        await hub.flushSyncNotes()
                    }
                }
                group.addTask { await hub.followOtherProcesses() }
                try await application(hub: hub, onRunning: onRunning).runService(gracefulShutdownSignals: [.sigterm, .sigint])
                group.cancelAll()
            }
        } catch {
            await hub.close()
            throw error
        }
        await hub.close()
        hub.logger.info("hub stopped")
    }
}

/// Turns ``HubError``s into JSON answers (`{"error": …, "message": …}`) with their status,
/// and logs each refusal (code and status only: never a token or personal data). A request no
/// route takes gets the same JSON: 404 `not-found` for a path the hub does not have, 405
/// `method-not-allowed` (with `Allow`) for a method its path does not take; any other
/// framework error keeps its status with a JSON body.
struct HubErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    let routes: HubRouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as HubError {
            return refuse(e, request)
        } catch let e as HTTPError {
            return refuse(unrouted(e, request), request)
        }
    }

    private func refuse(_ e: HubError, _ request: Request) -> Response {
        logger.notice("refused", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)",
                                            "status": "\(e.status)", "error": "\(e.code)"])
        var response = HubRoutes.json(e.body, status: e.status)
        if e.status == 405 {
            response.headers[.allow] = routes.methods(for: request.uri.path).joined(separator: ", ")
        }
        return response
    }

    /// The hub's refusal for a framework error (no route, or the framework refused the request).
    private func unrouted(_ e: HTTPError, _ request: Request) -> HubError {
        let path = String(request.uri.path.prefix(200))
        guard e.status == .notFound else {
            return HubError(status: e.status.code, code: "http-\(e.status.code)",
                            "\(request.method) \(path): \(e.body ?? e.status.reasonPhrase)")
        }
        let allowed = routes.methods(for: request.uri.path)
        if allowed.isEmpty {
            return HubError(status: 404, code: "not-found",
                            "\(path) is not a path of this hub; the dashboard is at \(HubAPI.dashboardPath) (see / for how to log in) and the API under /v1")
        }
        return HubError(status: 405, code: "method-not-allowed",
                        "\(request.method) is not allowed on \(path); allowed: \(allowed.joined(separator: ", "))")
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
