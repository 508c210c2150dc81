import Foundation
@testable import SelarasApp
import SelarasLog
import SelarasMerge
import SelarasModel
import Testing

/// The app's refusals over real HTTP on loopback: the one-time token, Host (DNS rebinding),
/// Origin, the CSRF token, and the headers every answer carries.
@Suite struct AppSecurityTests {
    static let child: [(String, String)] = [("name", "Siti Aminah"), ("sex", "Perempuan"), ("born", "02/03/2024"),
                                            ("mother", "Rahmawati"), ("posyandu", "Melati 3")]

    @Test("a page without a session is refused; the token opens one session, once") func token() async throws {
        try await withApp { app in
            #expect(try await app.send("GET", "/").status == 403)
            #expect(try await app.send("GET", "/masuk?token=0000").status == 403)
            let token = try #require(await app.sessions.pendingLoginToken)
            let first = try await app.send("GET", "/masuk?token=\(token)")
            #expect(first.status == 303)
            let cookie = try #require(first.header("Set-Cookie"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            #expect(try await app.send("GET", "/masuk?token=\(token)").status == 403, "the token works once")
            let session = String(cookie.split(separator: ";")[0])
            #expect(try await app.send("GET", "/", [("Cookie", session)]).status == 200)
            #expect(try await app.send("GET", "/", [("Cookie", "selaras_sesi=forged")]).status == 403)
        }
    }

    @Test("another Host is refused even with a valid session (DNS rebinding)",
          arguments: ["evil.example:PORT", "127.0.0.1:1", "192.168.1.5:PORT", "localhost.evil.example:PORT"])
    func host(_ pattern: String) async throws {
        try await withApp { app in
            let (cookie, _) = try await app.login()
            let host = pattern.replacingOccurrences(of: "PORT", with: "\(app.port)")
            let a = try await RawHTTP.send(port: app.port, "GET", "/", headers: [("Host", host), ("Cookie", cookie)])
            #expect(a.status == 421)
            #expect(a.body.contains("Host"))
            let ok = try await RawHTTP.send(port: app.port, "GET", "/", headers: [("Host", "localhost:\(app.port)"), ("Cookie", cookie)])
            #expect(ok.status == 200)
        }
    }

    @Test("a form from another Origin, or with none, is refused and nothing is written") func origin() async throws {
        try await withApp { app in
            let (cookie, csrf) = try await app.login()
            let body = AppFixture.encode([("csrf", csrf)] + Self.child)
            for origin in ["http://evil.example", "null", "http://127.0.0.1:1"] {
                let a = try await app.send("POST", "/anak/baru", [("Cookie", cookie), ("Origin", origin),
                                                           ("Content-Type", "application/x-www-form-urlencoded")], body: body)
                #expect(a.status == 403, "\(origin)")
            }
            let none = try await app.send("POST", "/anak/baru", [("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded")], body: body)
            #expect(none.status == 403)
            let get = try await app.send("GET", "/", [("Cookie", cookie), ("Origin", "http://evil.example")])
            #expect(get.status == 403)
            #expect(await app.app.counts()[.child]?.active ?? 0 == 0)
        }
    }

    @Test("a form without this session's CSRF token is refused; with it, it is saved") func csrf() async throws {
        try await withApp { app in
            let (cookie, csrf) = try await app.login()
            #expect(try await app.post("/anak/baru", cookie: cookie, Self.child).status == 403)
            #expect(try await app.post("/anak/baru", cookie: cookie, [("csrf", (csrf.hasPrefix("0") ? "1" : "0") + csrf.dropFirst())] + Self.child).status == 403)
            #expect(await app.app.counts()[.child]?.active ?? 0 == 0)
            let ok = try await app.post("/anak/baru", cookie: cookie, [("csrf", csrf)] + Self.child)
            #expect(ok.status == 303)
            let location = try #require(ok.header("Location"))
            #expect(location.hasPrefix("/anak/ch-") && location.hasSuffix("?tersimpan=1"))
            #expect(await app.app.counts()[.child]?.active == 1)
            // On disk, acknowledged: a fresh fold of the store sees it.
            await app.app.close()
            let store = try Store.open(at: app.storeDirectory)
            defer { store.close() }
            #expect(try ConsolidatedState(store: store).records(of: .child).count == 1)
        }
    }

    @Test("every answer carries a strict CSP and no page loads anything from elsewhere") func headers() async throws {
        try await withApp { app in
            let refused = try await app.send("GET", "/")
            #expect(refused.header("Content-Security-Policy") == AppGuard.contentSecurityPolicy)
            let (cookie, _) = try await app.login()
            for path in ["/", "/cari?q=siti", "/anak/baru", "/static/app.css"] {
                let a = try await app.send("GET", path, [("Cookie", cookie)])
                #expect(a.status == 200, "\(path)")
                #expect(a.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
                #expect(a.header("X-Content-Type-Options") == "nosniff")
                #expect(!a.body.contains("http://") && !a.body.contains("https://") && !a.body.contains("<script"), "\(path)")
            }
        }
    }
}
