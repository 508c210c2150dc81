import Foundation
import HTTPTypes
import Hummingbird
import SelarasDashboard
import SelarasHubProtocol

extension HubRoutes {
    /// The dashboard (office only):
    /// - `GET /login?code=CODE`: claims a one-time login code, sets an HttpOnly, SameSite=Strict
    ///   session cookie and redirects (303) to `/dashboard`, so the code leaves the address bar;
    /// - `GET /dashboard[?month=YYYY-MM]`: the page (session cookie, or an office bearer token) for
    ///   the month asked (default: the last complete month in Balikpapan); 400 for a month that is
    ///   not `YYYY-MM` or has not begun;
    /// - `GET /laporan?month=…[&kelurahan=…|&posyandu=…]`: the monthly report (see `registerReport`);
    /// - `POST /v1/conflicts/resolve` (`entity`, `field`, `value`) and `POST /v1/duplicates/decide`
    ///   (`a`, `b`, `decision` = `same`|`not-same`), form-encoded: an office bearer token (answer
    ///   200 JSON `{"event": DOT}`) or the session cookie plus the session's `csrf` field (answer 303
    ///   back to the page, once the figures include the action's event).
    static func registerDashboard(on router: Router<BasicRequestContext>, hub: Hub) {
        router.get(RouterPath(HubAPI.loginPath)) { request, _ -> Response in
            let (cookie, _) = try await hub.login(code: request.uri.queryParameters.get("code") ?? "")
            var response = seeOther(HubAPI.dashboardPath)
            response.setCookie(Cookie(name: DashboardSession.cookieName, value: cookie, maxAge: Int(DashboardSession.lifetimeMilliseconds / 1000),
                                      path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        router.get(RouterPath(HubAPI.dashboardPath)) { request, _ -> Response in
            let formToken = try await dashboardViewer(request, hub: hub)
            let month: DashboardMonth
            do throws(DashboardMonthError) {
                month = try DashboardMonth.requested(request.uri.queryParameters.get("month"), field: "month")
            } catch {
                throw HubError(status: 400, code: "bad-request", error.message, underlying: error)
            }
            let html = try await hub.dashboardHTML(formToken: formToken, month: month)
            return htmlPage(html)
        }
        registerReport(on: router, hub: hub)
        router.post(RouterPath(HubAPI.resolvePath)) { request, context -> Response in
            let (form, viaSession) = try await formAction(request, context: context, hub: hub)
            let dot = try await hub.resolve(entity: form["entity"] ?? "", field: form["field"] ?? "", value: form["value"] ?? "")
            return try await actionAnswer(dot: dot, viaSession: viaSession, hub: hub)
        }
        router.post(RouterPath(HubAPI.decidePath)) { request, context -> Response in
            let (form, viaSession) = try await formAction(request, context: context, hub: hub)
            let same: Bool
            switch form["decision"] ?? "" {
            case "same": same = true
            case "not-same": same = false
            default: throw HubError.badRequest("decision: '\(form["decision"] ?? "")' is not a decision; allowed: same, not-same")
            }
            let dot = try await hub.decideDuplicate(a: form["a"] ?? "", b: form["b"] ?? "", same: same)
            return try await actionAnswer(dot: dot, viaSession: viaSession, hub: hub)
        }
    }

    /// The answer to a dashboard action. A browser session is sent back to the page (303) only
    /// once the figures include the action's event, so the page it lands on shows the action's
    /// effect (the conflict or pair gone, the figures with the new value); a bearer-token caller
    /// gets `{"event": DOT}` at once and the figures are recomputed off the request path.
    static func actionAnswer(dot: String, viaSession: Bool, hub: Hub) async throws -> Response {
        guard viaSession else {
            await hub.dashboardStateChanged()
            return json(["event": dot])
        }
        try await hub.dashboardFiguresCurrent()
        return seeOther(HubAPI.dashboardPath)
    }

    /// Who may view the dashboard's pages: a dashboard session (its form token is returned) or
    /// an office bearer token (nil is returned).
    /// - Throws: ``HubError`` 401 without either, 403 for another role's token.
    static func dashboardViewer(_ request: Request, hub: Hub) async throws -> String? {
        if request.headers[.authorization] != nil {
            try await office(request, hub: hub)
            return nil
        } else if let s = await hub.session(cookie: request.cookies[DashboardSession.cookieName]?.value) {
            return s.formToken
        }
        throw HubError.unauthorized("the dashboard needs a login link (`selaras hub login-link`) or an office token")
    }

    /// A page of the dashboard: HTML, not cached, allowed nothing but its inline style and forms to this hub.
    static func htmlPage(_ html: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                        header("Content-Security-Policy"): "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// Requires an office bearer token.
    private static func office(_ request: Request, hub: Hub) async throws {
        let d = try await device(request, hub: hub)
        guard d.role == .office else { throw HubError.forbidden("only the office role may use the dashboard") }
    }

    /// Authorises a dashboard form (office token, or session cookie plus its form token) and
    /// returns its fields and whether it came from a browser session.
    private static func formAction(_ request: Request, context: BasicRequestContext, hub: Hub) async throws -> ([String: String], Bool) {
        let viaSession: Bool
        if request.headers[.authorization] != nil {
            try await office(request, hub: hub)
            viaSession = false
        } else {
            viaSession = true
        }
        let session = viaSession ? await hub.session(cookie: request.cookies[DashboardSession.cookieName]?.value) : nil
        if viaSession, session == nil {
            throw HubError.unauthorized("this action needs an office token or a dashboard session (`selaras hub login-link`)")
        }
        var body = request.body
        let buffer: ByteBuffer
        do { buffer = try await body.collect(upTo: 64 << 10) } catch {
            throw HubError(status: 413, code: "too-large", "a dashboard form is at most 64 KiB")
        }
        let form = try parseForm(String(buffer: buffer))
        if let session, !HubToken.constantTimeEqual(Array((form["csrf"] ?? "").utf8), Array(session.formToken.utf8)) {
            throw HubError.forbidden("csrf: the form token is missing or not this session's; reload the dashboard and try again")
        }
        return (form, viaSession)
    }

    /// `application/x-www-form-urlencoded` fields, decoded by Hummingbird's `URLEncodedFormDecoder`.
    /// - Throws: ``HubError`` 400 for a body that is not such a form of single text fields.
    static func parseForm(_ text: String) throws -> [String: String] {
        guard !text.isEmpty else { return [:] }
        do { return try URLEncodedFormDecoder().decode([String: String].self, from: text) } catch {
            throw HubError(status: 400, code: "bad-request", "the form is not application/x-www-form-urlencoded with one value per field: \(error)", underlying: error)
        }
    }

    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
