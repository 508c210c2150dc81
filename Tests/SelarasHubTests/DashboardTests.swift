import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SelarasHub
import SelarasHubClient
import SelarasHubProtocol
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import SelarasLog
import Testing

/// A URLSession that neither follows redirects nor keeps cookies: the test sees each answer.
final class NoRedirect: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// One plain HTTP exchange: status, headers (lower-cased names), body text.
func exchange(_ url: String, method: String = "GET", cookie: String? = nil, form: String? = nil) async throws -> (Int, [String: String], String) {
    let (status, headers, data) = try await exchangeData(url, method: method, cookie: cookie, form: form)
    return (status, headers, String(decoding: data, as: UTF8.self))
}

/// One plain HTTP exchange: status, headers (lower-cased names), body bytes.
func exchangeData(_ url: String, method: String = "GET", cookie: String? = nil, form: String? = nil) async throws -> (Int, [String: String], Data) {
    let config = URLSessionConfiguration.ephemeral
    config.httpShouldSetCookies = false
    config.httpCookieStorage = nil
    let session = URLSession(configuration: config, delegate: NoRedirect(), delegateQueue: nil)
    defer { session.finishTasksAndInvalidate() }
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
    if let form {
        request.httpBody = Data(form.utf8)
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
    }
    let (data, response) = try await session.data(for: request)
    let http = response as! HTTPURLResponse
    var headers: [String: String] = [:]
    for (k, v) in http.allHeaderFields { headers[String(describing: k).lowercased()] = String(describing: v) }
    return (http.statusCode, headers, data)
}

@Suite struct DashboardTests {
    @Test("a login link works once, sets an HttpOnly SameSite=Strict cookie; forms need the cookie and the session's form token", arguments: StorageKind.testable)
    func loginAndForms(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (office, link) = try await fx.enrolled("office", role: .office)
            // The same child twice (same name, birth date and mother): a possible duplicate on the page.
            var f = SampleRecords.child(name: "Siti Aminah", born: LocalDate(year: 2023, month: 4, day: 9)!)
            f[8] = .text("Rahma")
            let twins = try office.record([.create(.child, f, kelurahanCode: manggar.code, author: "Bu Rina"),
                                           .create(.child, f, kelurahanCode: manggar.code, author: "Bu Rina")])
            let children = twins.map { EntityID(kind: .child, origin: $0.dot) }.sorted()
            _ = try await LaptopSync.sync(store: office, link: link)

            let code = try await fx.hub.createLoginCode(label: "")
            let (status, headers, _) = try await exchange(fx.url + "/login?code=" + code)
            #expect(status == 303 && headers["location"] == "/dashboard")
            let setCookie = try #require(headers["set-cookie"])
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            let cookie = String(setCookie.split(separator: ";")[0])
            #expect(try await exchange(fx.url + "/login?code=" + code).0 == 401, "a login link works once")
            #expect(try await exchange(fx.url + "/login?code=" + (try await fx.hub.createLoginCode(label: "", now: 0))).0 == 401, "an expired link is refused")

            #expect(try await exchange(fx.url + "/dashboard").0 == 401)
            let (pageStatus, _, page) = try await exchange(fx.url + "/dashboard", cookie: cookie)
            #expect(pageStatus == 200 && page.contains("Dasbor Selaras") && page.contains("office"))
            // A hub serves every kelurahan: its line names none (its store's tag is no kelurahan of its own).
            #expect(page.contains("Replika: hub</p>"), "the hub's line: \(page.components(separatedBy: "Replika").dropFirst().first?.prefix(60) ?? "none")")
            #expect(page.contains("nama, tanggal lahir dan ibu sama") && !page.contains("same name, birth date"), "the evidence is in Indonesian")
            let csrf = try #require(page.range(of: #"name="csrf" value=""#).map { String(page[$0.upperBound...].prefix(64)) })

            let form = "a=\(children[0])&b=\(children[1])&decision=not-same"
            #expect(try await exchange(fx.url + HubAPI.decidePath, method: "POST", form: form + "&csrf=" + csrf).0 == 401, "no cookie")
            #expect(try await exchange(fx.url + HubAPI.decidePath, method: "POST", cookie: cookie, form: form).0 == 403, "no form token")
            #expect(try await exchange(fx.url + HubAPI.decidePath, method: "POST", cookie: cookie, form: form + "&csrf=" + String(repeating: "0", count: 64)).0 == 403)
            let (ok, okHeaders, _) = try await exchange(fx.url + HubAPI.decidePath, method: "POST", cookie: cookie, form: form + "&csrf=" + csrf)
            #expect(ok == 303 && okHeaders["location"] == "/dashboard")
            // The decision is an event of the hub's replica: the office laptop receives it.
            _ = try await LaptopSync.sync(store: office, link: link)
            let state = try ConsolidatedState(store: office)
            #expect(state.duplicateCandidates().contains { $0.first == children[0] && $0.second == children[1] && $0.decision == false })
        }
    }
}
