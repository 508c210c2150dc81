import Foundation
import Hummingbird
import Logging
import SelarasModel

/// The cadre's app over HTTP: Hummingbird bound to 127.0.0.1 only, every request through
/// ``AppGuard``, one route per page.
public enum AppServer {
    /// The loopback address the app listens on (never another interface).
    public static let host = "127.0.0.1"

    /// The router: the guard, then the pages.
    public static func router(app: CadreApp, sessions: AppSessions, pages: Pages) throws -> Router<AppRequestContext> {
        let css = try Self.stylesheet()
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: AppGuard(sessions: sessions, pages: pages))
        router.get("/masuk") { request, _ -> Response in
            guard let token = request.uri.queryParameters.get("token"), let (session, _) = await sessions.login(token: token) else {
                throw AppError(.noSession, status: 403, "Token masuk salah atau sudah dipakai: jalankan `selaras app` lagi untuk token baru.")
            }
            var r = Pages.redirect("/")
            r.headers[.setCookie] = "\(AppGuard.cookieName)=\(session); HttpOnly; SameSite=Strict; Path=/"
            return r
        }
        router.get("/static/app.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: css)))
        }
        router.get("/") { _, c in Pages.html(await app.homePage(csrf: c.csrf)) }
        router.get("/cari") { request, c in
            Pages.html(await app.searchPage(query: request.uri.queryParameters.get("q") ?? "", csrf: c.csrf))
        }
        router.get("/anak/baru") { _, c in Pages.html(await app.registerPage(csrf: c.csrf)) }
        router.post("/anak/baru") { _, c in answer(await app.registerPost(form: c.form, csrf: c.csrf)) }
        router.get("/anak/:id") { request, c in
            answer(await app.childPage(try id(c, .child), csrf: c.csrf, saved: request.uri.queryParameters.get("tersimpan") != nil))
        }
        router.get("/anak/:id/timbang") { _, c in answer(await app.checkPage(try id(c, .child), csrf: c.csrf)) }
        router.post("/anak/:id/timbang") { _, c in answer(await app.checkPost(try id(c, .child), form: c.form, csrf: c.csrf)) }
        router.get("/rekaman/:id") { request, c in
            let saved = request.uri.queryParameters.get("tersimpan").map { $0 == "batal" ? "Pembatalan tersimpan." : "Koreksi tersimpan." }
            return answer(await app.recordPage(try id(c, nil), csrf: c.csrf, saved: saved))
        }
        router.post("/rekaman/:id/koreksi") { _, c in answer(await app.correctPost(try id(c, nil), form: c.form, csrf: c.csrf)) }
        router.post("/rekaman/:id/batal") { _, c in answer(await app.voidPost(try id(c, nil), form: c.form, csrf: c.csrf)) }
        router.get("/survei") { _, c in answer(await app.surveyPage(csrf: c.csrf)) }
        router.post("/survei") { _, c in answer(await app.surveyPost(form: c.form, csrf: c.csrf)) }
        router.get("/sinkron") { _, c in answer(await app.syncPage(csrf: c.csrf)) }
        router.post("/sinkron/tulis") { _, c in answer(await app.writeBundle(form: c.form, csrf: c.csrf)) }
        router.post("/sinkron/impor") { _, c in answer(await app.importBundles(form: c.form, csrf: c.csrf)) }
        router.get("/laporan") { request, c -> Response in
            guard let month = request.uri.queryParameters.get("bulan") else { return answer(await app.reportFormPage(csrf: c.csrf)) }
            switch await app.report(month: month, posyandu: request.uri.queryParameters.get("posyandu"), csrf: c.csrf) {
            case .success(let r):
                var response = Pages.html(r.html)
                response.headers[.contentSecurityPolicy] = r.contentSecurityPolicy
                return response
            case .failure(let refusal): return answer(refusal.page)
            }
        }
        router.post("/sinkron/daftar") { _, c in answer(await app.enrolPost(form: c.form, csrf: c.csrf)) }
        router.post("/sinkron/hub") { _, c in answer(await app.hubSyncPost(csrf: c.csrf)) }
        return router
    }

    /// The id in the path, of the kind expected (any kind when nil).
    static func id(_ c: AppRequestContext, _ kind: RecordKind?) throws -> EntityID {
        guard let text = c.parameters.get("id"), let id = EntityID(text), kind == nil || id.kind == kind else {
            throw AppError(.notFound, status: 404, "Alamat ini tidak menunjuk ke rekaman yang ada.")
        }
        return id
    }

    static func answer(_ r: PageResult) -> Response {
        switch r {
        case .page(let html, let status): Pages.html(html, status: status)
        case .redirect(let path): Pages.redirect(path)
        }
    }

    /// The bundled stylesheet (screen, phone and A4 print).
    static func stylesheet() throws -> String {
        guard let url = Bundle.module.url(forResource: "static/app", withExtension: "css")
                ?? Bundle.module.url(forResource: "static", withExtension: nil)?.appendingPathComponent("app.css"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw AppError(.storeFailed, status: 500, "the app's stylesheet is missing from its bundle")
        }
        return text
    }

    /// The application on 127.0.0.1:`port` (0: the system picks); `onRunning` gets the bound port
    /// after ``AppSessions`` knows it.
    public static func application(app: CadreApp, sessions: AppSessions, pages: Pages, port: Int, logger: Logger,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        Application(
            router: try router(app: app, sessions: sessions, pages: pages),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "selaras-app"),
            onServerRunning: { channel in
                let p = channel.localAddress?.port ?? 0
                await sessions.bound(port: p)
                await onRunning(p)
            },
            logger: logger)
    }
}
