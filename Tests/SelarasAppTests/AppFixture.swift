import Foundation
import Logging
@testable import SelarasApp
import SelarasLog
import SelarasModel
import SelarasTestSupport
import ServiceLifecycle
import Testing

/// The app started on 127.0.0.1 (port 0) over a new store in a temporary directory.
final class AppFixture: @unchecked Sendable {
    let tmp: TemporaryDirectory
    let app: CadreApp
    let sessions: AppSessions
    let port: Int
    var host: String { "127.0.0.1:\(port)" }
    var origin: String { "http://127.0.0.1:\(port)" }
    var storeDirectory: String { tmp.child("lap1") }

    init(tmp: TemporaryDirectory, app: CadreApp, sessions: AppSessions, port: Int) {
        self.tmp = tmp; self.app = app; self.sessions = sessions; self.port = port
    }

    /// A request with this app's Host (and the given headers).
    func send(_ method: String, _ path: String, _ headers: [(String, String)] = [], body: String = "") async throws -> RawHTTP.Answer {
        try await RawHTTP.send(port: port, method, path, headers: [("Host", host)] + headers, body: body)
    }

    /// Logs in with the one-time token: the session cookie header.
    func login() async throws -> (cookie: String, csrf: String) {
        let token = try #require(await sessions.pendingLoginToken)
        let a = try await send("GET", "/masuk?token=\(token)")
        #expect(a.status == 303)
        let set = try #require(a.header("Set-Cookie"))
        let cookie = String(set.split(separator: ";")[0])
        let home = try await send("GET", "/", [("Cookie", cookie)])
        #expect(home.status == 200)
        let csrf = try #require(await sessions.csrf(session: String(cookie.split(separator: "=")[1])))
        return (cookie, csrf)
    }

    /// A form POST from this app's own page.
    func post(_ path: String, cookie: String, _ fields: [(String, String)]) async throws -> RawHTTP.Answer {
        try await send("POST", path, [("Cookie", cookie), ("Origin", origin), ("Content-Type", "application/x-www-form-urlencoded")],
                 body: Self.encode(fields))
    }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    }
}

/// Starts the app over a fresh store (kelurahan Manggar), runs `body`, stops it.
func withApp<T: Sendable>(today: LocalDate = LocalDate(year: 2025, month: 3, day: 20)!,
                          _ body: @Sendable (AppFixture) async throws -> T) async throws -> T {
    let tmp = try TemporaryDirectory(prefix: "selaras-app")
    try Store.create(at: tmp.child("lap1"), kelurahan: Kelurahan(name: "Manggar")!, label: "kader-uji").close()
    let pages = try await Pages.bundled()
    let app = try CadreApp(directory: tmp.child("lap1"), author: "kader-uji", pages: pages, today: today)
    let sessions = AppSessions()
    var logger = Logger(label: "selaras.app.test")
    logger.logLevel = .warning
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let application = try AppServer.application(app: app, sessions: sessions, pages: pages, port: 0, logger: logger) { continuation.yield($0) }
    let services = ServiceGroup(services: [application], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run() }
        var it = ports.makeAsyncIterator()
        let port = try #require(await it.next())
        let fixture = AppFixture(tmp: tmp, app: app, sessions: sessions, port: port)
        let r: Result<T, any Error>
        do { r = .success(try await body(fixture)) } catch { r = .failure(error) }
        await services.triggerGracefulShutdown()
        try await group.waitForAll()
        await app.close()
        tmp.cleanup()
        return try r.get()
    }
}
