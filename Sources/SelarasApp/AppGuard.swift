import HTTPTypes
import Hummingbird
import NIOCore

/// Checks every request before a route sees it, and adds the security headers to every answer:
///
/// - `Host` must be this app's own loopback address and port (`127.0.0.1:PORT` or
///   `localhost:PORT`): a page of another site that rebinds its name to 127.0.0.1 is refused.
/// - `Origin`, when sent, must be this app; a POST must send it (browsers do).
/// - `/masuk?token=…` opens a session once (the token printed at start); every other path
///   needs that session's cookie.
/// - A POST must carry the session's CSRF token in its `csrf` field.
/// - Answers carry a strict Content-Security-Policy (nothing from another origin, no inline
///   script), `nosniff`, no referrer to other sites, no framing and `no-store`.
public struct AppGuard: RouterMiddleware {
    /// The app's secrets and port.
    public let sessions: AppSessions
    /// The templates (for the refusal page).
    let pages: Pages
    /// The largest form body read (bytes).
    public static let maxFormBytes = 64 << 10
    /// The session cookie's name.
    public static let cookieName = "selaras_sesi"
    /// The Content-Security-Policy of every answer.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Creates the guard.
    public init(sessions: AppSessions, pages: Pages) { self.sessions = sessions; self.pages = pages }

    /// Checks the request, runs the route, adds the headers.
    public func handle(_ request: Request, context: AppRequestContext,
                       next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            var context = context
            let request = try await check(request, &context)
            response = try await next(request, context)
        } catch let e as AppError {
            response = pages.refusal(e)
        } catch let e as HTTPError {
            // No such page, or a method the page does not take: the same refusal page and headers.
            let message = e.status == .notFound ? "Halaman ini tidak ada." : "Permintaan ini tidak dapat dilayani (\(e.status.code))."
            response = pages.refusal(AppError(e.status == .notFound ? .notFound : .badRequest, status: Int(e.status.code), message))
        }
        Self.secure(&response.headers)
        return response
    }

    /// Adds the security headers.
    static func secure(_ headers: inout HTTPFields) {
        // A page may narrow or extend style-src by hash (the monthly report's inline stylesheet); every other answer gets the app's policy.
        if headers[.contentSecurityPolicy].map({ !$0.hasPrefix("default-src 'none';") }) ?? true {
            headers[.contentSecurityPolicy] = contentSecurityPolicy
        }
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"  // "no-referrer" makes Chromium send `Origin: null` on forms
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[.cacheControl] = "no-store"
    }

    private func check(_ request: Request, _ context: inout AppRequestContext) async throws -> Request {
        let port = await sessions.port
        let allowedHosts = ["127.0.0.1:\(port)", "localhost:\(port)"]
        guard let host = request.head.authority, allowedHosts.contains(host.lowercased()) else {
            throw AppError(.badHost, status: 421, "Alamat ini hanya untuk aplikasi di laptop ini (Host tidak dikenal).")
        }
        if let origin = request.headers[.origin] {
            guard allowedHosts.map({ "http://" + $0 }).contains(origin.lowercased()) else {
                throw AppError(.badOrigin, status: 403, "Permintaan dari situs lain ditolak (Origin \(origin.prefix(80))).")
            }
        } else if request.method == .post {
            throw AppError(.badOrigin, status: 403, "Formulir tanpa Origin ditolak.")
        }
        if request.head.method == .get, request.uri.path == "/masuk" {
            return request
        }
        if request.uri.path == "/static/app.css" { return request }
        guard let cookie = Self.cookie(request), let csrf = await sessions.csrf(session: cookie) else {
            throw AppError(.noSession, status: 403, "Sesi tidak ada: buka alamat dengan token yang dicetak oleh `selaras app` (token hanya berlaku sekali).")
        }
        context.csrf = csrf
        guard request.method == .post else { return request }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false else {
            throw AppError(.badRequest, status: 415, "Formulir harus dikirim sebagai application/x-www-form-urlencoded.")
        }
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: Self.maxFormBytes) } catch {
            throw AppError(.badRequest, status: 413, "Formulir terlalu besar (batas \(Self.maxFormBytes / 1024) KiB).")
        }
        context.form = FormBody(encoded: String(buffer: buffer))
        guard let sent = context.form["csrf"], AppSessions.same(sent, csrf) else {
            throw AppError(.badCSRF, status: 403, "Formulir ditolak: token CSRF tidak cocok. Muat ulang halaman lalu coba lagi.")
        }
        return request
    }

    /// The session cookie's value, when sent.
    static func cookie(_ request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let kv = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0] == cookieName { return String(kv[1]) }
            }
        }
        return nil
    }
}
