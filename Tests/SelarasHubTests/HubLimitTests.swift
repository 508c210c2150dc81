import Crypto
import Foundation
import SelarasHub
import SelarasHubClient
import SelarasHubProtocol
import SelarasLog
import SelarasModel
import SelarasSync
import SelarasTestSupport
import Testing

/// An enrolment request signed with a fresh key, for a label of the test's choosing.
private func enrolRequest(code: String, label: String) throws -> EnrolRequest {
    let key = Curve25519.Signing.PrivateKey()
    let signature = try key.signature(for: EnrolRequest.message(code: code))
    return EnrolRequest(code: code, publicKey: key.publicKey.rawRepresentation.base64EncodedString(),
                        signature: signature.base64EncodedString(), label: label)
}

@Suite("Hub limits and routes")
struct HubLimitTests {
    @Test("an enrolment whose label is ~20 KB (200 characters) is refused with 422 and the JSON refusal; the registry stays readable and the code still works")
    func longEnrolmentLabel() async throws {
        try await withHub { fx in
            let code = try fx.hub.registryFile.createEnrolment(role: .cadre, kelurahan: manggar)
            let flood = String(repeating: "L" + String(repeating: "\u{301}", count: 50), count: 200)
            #expect(flood.count == 200 && flood.utf8.count == 20_200)
            for label in [flood, String(repeating: "a", count: EnrolRequest.labelLimit.characters + 1)] {
                let answer = try await fx.client.raw("POST", HubAPI.enrolPath, bodyBytes: try JSONEncoder().encode(try enrolRequest(code: code, label: label)))
                #expect(answer.status == 422)
                let body = try #require(refusal(answer))
                #expect(body.error == "invalid-value")
                #expect(body.message.hasPrefix("label: ") && body.message.contains(EnrolRequest.labelLimit.description), "\(body.message)")
            }
            // Nothing was written that cannot be read back: devices, a restart's read, and the code itself still work.
            #expect(try await fx.hub.devices().isEmpty)
            #expect(try fx.hub.registryFile.read().pending.count == 1)
            let good = try await fx.client.enrol(try enrolRequest(code: code, label: "Posyandu Melati laptop 1"))
            #expect(good.role == .cadre)
            let devices = try RegistryFile(storeDirectory: fx.hubDirectory).read().sortedDevices
            #expect(devices.map(\.label) == ["Posyandu Melati laptop 1"])
        }
    }

    @Test("a login link's label is limited in bytes too (the audit log reads it back): 100 characters of 41 scalars each are refused")
    func loginLabelBytes() async throws {
        try await withHub { fx in
            let codes = try LoginCodes(registry: fx.hub.registryFile)
            let flood = String(repeating: "a" + String(repeating: "\u{301}", count: 40), count: LoginCodes.labelLimit.characters)
            do {
                _ = try codes.create(label: flood)
                Issue.record("a label of \(flood.utf8.count) bytes was accepted")
            } catch let e as HubError {
                #expect(e.status == 400)
                #expect(e.message.hasPrefix("label: ") && e.message.contains(LoginCodes.labelLimit.description), "\(e.message)")
            }
            _ = try codes.create(label: String(repeating: "\u{1D11E}", count: LoginCodes.labelLimit.characters))
        }
    }

    @Test("an over-long code, key or signature is refused with 422 naming the field")
    func longTokenFields() async throws {
        try await withHub { fx in
            let good = try enrolRequest(code: "AAAA-BBBB-CCCC", label: "x")
            let long = String(repeating: "A", count: EnrolRequest.tokenFieldLimit.bytes + 1)
            for (name, request) in [("code", EnrolRequest(code: long, publicKey: good.publicKey, signature: good.signature, label: "x")),
                                    ("publicKey", EnrolRequest(code: good.code, publicKey: long, signature: good.signature, label: "x")),
                                    ("signature", EnrolRequest(code: good.code, publicKey: good.publicKey, signature: long, label: "x"))] {
                let answer = try await fx.client.raw("POST", HubAPI.enrolPath, bodyBytes: try JSONEncoder().encode(request))
                #expect(answer.status == 422, "\(name)")
                #expect(refusal(answer)?.message.hasPrefix("\(name): ") == true, "\(name): \(refusal(answer)?.message ?? "no JSON")")
            }
        }
    }

    @Test("the dashboard's resolve form refuses a 120-character name of 9,720 bytes with the refusal, records nothing, and the hub still serves")
    func resolveFormFlood() async throws {
        try await withHub { fx in
            let (office, link) = try await fx.enrolled("office", role: .office)
            let child = try office.record([SampleRecords.childDraft(1, kelurahanCode: manggar.code)])[0]
            _ = try await LaptopSync.sync(store: office, link: link)
            let before = try await fx.snapshot().filter { $0.key.hasPrefix("streams/") }
            #expect(!before.isEmpty)
            let flood = String(repeating: "a" + String(repeating: "\u{301}", count: 40), count: 120)
            var form = URLComponents()
            form.queryItems = [URLQueryItem(name: "entity", value: child.entity.description), URLQueryItem(name: "field", value: "name"),
                               URLQueryItem(name: "value", value: flood)]
            let answer = try await fx.client.raw("POST", HubAPI.resolvePath, token: link.token,
                                                 bodyBytes: Data((form.percentEncodedQuery ?? "").utf8))
            #expect(answer.status == 400)
            let body = try #require(refusal(answer))
            #expect(body.message.hasPrefix("name: ") && body.message.contains("at most 120 characters and 480 bytes"), "\(body.message)")
            #expect(try await fx.snapshot().filter { $0.key.hasPrefix("streams/") } == before, "nothing was recorded")
            let page = try await fx.client.raw("GET", HubAPI.dashboardPath, token: link.token)
            #expect(page.status == 200)
            // A value within the limits still goes through.
            form.queryItems![2] = URLQueryItem(name: "value", value: "Siti Aminah Putri")
            let ok = try await fx.client.raw("POST", HubAPI.resolvePath, token: link.token, bodyBytes: Data((form.percentEncodedQuery ?? "").utf8))
            #expect(ok.status == 200)
        }
    }

    @Test("an unknown path answers 404 and a wrong method 405 (with Allow), both with the hub's JSON refusal")
    func unknownRoutes() async throws {
        try await withHub { fx in
            let missing = try await fx.client.raw("GET", "/nothing/here")
            #expect(missing.status == 404)
            #expect(refusal(missing)?.error == "not-found", "\(String(decoding: missing.body, as: UTF8.self))")
            #expect(refusal(missing)?.message.contains("/nothing/here") == true)
            for (method, path, allowed) in [("POST", HubAPI.healthPath, "GET"), ("DELETE", HubAPI.syncPath, "POST"),
                                            ("PUT", HubAPI.exportsPath + "/csv", "GET"), ("POST", "/", "GET")] {
                let answer = try await fx.client.raw(method, path)
                #expect(answer.status == 405, "\(method) \(path)")
                let body = try #require(refusal(answer), "\(method) \(path)")
                #expect(body.error == "method-not-allowed")
                #expect(body.message.contains("allowed: \(allowed)"), "\(body.message)")
                #expect(answer.headers["allow"] == allowed, "\(answer.headers)")
            }
            // Known routes still answer as before.
            #expect(try await fx.client.raw("GET", HubAPI.healthPath).status == 200)
            #expect(try await fx.client.raw("GET", HubAPI.exportsPath + "/csv").status == 401)
        }
    }

    @Test("GET / answers a page in Bahasa Indonesia saying how to log in to the dashboard")
    func homePage() async throws {
        try await withHub { fx in
            let (status, headers, page) = try await exchange(fx.url + "/")
            #expect(status == 200)
            #expect(headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(page.contains("lang=\"id\""))
            #expect(page.contains("Masuk ke dasbor"))
            #expect(page.contains("selaras hub login-link"))
            #expect(page.contains("href=\"\(HubAPI.dashboardPath)\""))
        }
    }

    @Test("an enrolment naming a kelurahan code that does not exist is refused before the code is looked at")
    func enrolmentKelurahanChecked() {
        let bad = EnrolRequest(code: "ABCD-EFGH-JKLM", publicKey: "k", signature: "s", label: "lap1", kelurahan: 999)
        #expect(bad.problem?.contains("kelurahan: code 999") == true)
        let good = EnrolRequest(code: "ABCD-EFGH-JKLM", publicKey: "k", signature: "s", label: "lap1", kelurahan: 1)
        #expect(good.problem == nil)
    }
}
