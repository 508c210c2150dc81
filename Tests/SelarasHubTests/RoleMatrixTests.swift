import Foundation
import SelarasHub
import SelarasHubClient
import SelarasHubProtocol
import SelarasLog
import SelarasMerge
import SelarasModel
import Testing

/// Every endpoint tried with every kind of caller over real HTTP: only the allowed pairs succeed.
@Suite struct RoleMatrixTests {
    enum Caller: String, CaseIterable, Sendable { case cadre, office, analyst, noToken, revoked, forged }

    enum Endpoint: String, CaseIterable, Sendable {
        case health, me, devices, sync, analystExport, officeExport, dashboard, resolve, decide

        /// The callers that may use it.
        var allowed: Set<Caller> {
            switch self {
            case .health: Set(Caller.allCases)
            case .me: [.cadre, .office, .analyst]
            case .devices: [.office]
            case .sync: [.cadre, .office]
            case .analystExport: [.office, .analyst]
            case .officeExport, .dashboard, .resolve, .decide: [.office]
            }
        }
    }

    @Test("every endpoint × every caller: only the allowed combinations succeed", arguments: StorageKind.testable)
    func matrix(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            var stores: [Caller: Store] = [:]
            var tokens: [Caller: String?] = [.noToken: nil]
            for (caller, role) in [(Caller.cadre, HubRole.cadre), (.office, .office), (.analyst, .analyst), (.revoked, .cadre)] {
                let (store, link) = try await fx.enrolled(caller.rawValue, role: role)
                try record(store, 6)
                stores[caller] = store
                tokens[caller] = link.token
            }
            _ = try await fx.hub.revoke(stores[.revoked]!.replica)
            // A token shaped right, naming the office device, with a secret the hub never issued.
            let officeToken = tokens[.office]!!
            tokens[.forged] = String(officeToken.dropLast(4)) + (officeToken.hasSuffix("AAAA") ? "BBBB" : "AAAA")
            stores[.forged] = stores[.office]
            stores[.noToken] = stores[.cadre]
            // Two of the office laptop's children: on the hub once the office's sync row ran.
            var children: [EntityID] = []
            try ConsolidatedState(store: stores[.office]!).forEachEntity { e in
                if e.id.kind == .child, e.isCreated { children.append(e.id) }
            }
            children.sort()
            try #require(children.count >= 2)

            for endpoint in Endpoint.allCases {
                for caller in Caller.allCases {
                    let token = tokens[caller]!
                    let answer: HubClient.RawAnswer
                    switch endpoint {
                    case .health: answer = try await fx.client.raw("GET", HubAPI.healthPath, token: token)
                    case .me: answer = try await fx.client.raw("GET", HubAPI.mePath, token: token)
                    case .devices: answer = try await fx.client.raw("GET", HubAPI.devicesPath, token: token)
                    case .sync:
                        let path = fx.tmp.child("matrix-\(caller.rawValue).slb")
                        try bundle(of: stores[caller]!, at: path)
                        answer = try await fx.client.raw("POST", HubAPI.syncPath, token: token, bodyFile: path)
                        try FileManager.default.removeItem(atPath: path)
                    case .analystExport:
                        answer = try await fx.client.raw("GET", HubAPI.exportsPath + "/zip", token: token,
                                                         query: [URLQueryItem(name: "tier", value: "analyst")], outputPath: fx.tmp.child("dl"))
                    case .officeExport:
                        answer = try await fx.client.raw("GET", HubAPI.exportsPath + "/zip", token: token,
                                                         query: [URLQueryItem(name: "tier", value: "office")], outputPath: fx.tmp.child("dl"))
                    case .dashboard: answer = try await fx.client.raw("GET", HubAPI.dashboardPath, token: token)
                    case .resolve:
                        let form = "entity=\(children[0])&field=name&value=Siti+Aminah"
                        answer = try await fx.client.raw("POST", HubAPI.resolvePath, token: token, bodyBytes: Data(form.utf8))
                    case .decide:
                        let form = "a=\(children[0])&b=\(children[1])&decision=not-same"
                        answer = try await fx.client.raw("POST", HubAPI.decidePath, token: token, bodyBytes: Data(form.utf8))
                    }
                    let ok = (200..<300).contains(answer.status)
                    #expect(ok == endpoint.allowed.contains(caller), "\(endpoint) by \(caller): HTTP \(answer.status)")
                    if !ok {
                        let expected = [.noToken, .revoked, .forged].contains(caller) ? 401 : 403
                        #expect(answer.status == expected, "\(endpoint) by \(caller)")
                        #expect(refusal(answer)?.message.isEmpty == false, "\(endpoint) by \(caller): a JSON refusal with a sentence")
                    }
                }
            }
            // The revoked device's data stays.
            let vv = try await fx.client.raw("GET", HubAPI.devicesPath, token: tokens[.office]!)
            let devices = try JSONDecoder().decode([DeviceInfo].self, from: vv.body)
            #expect(devices.first { $0.device == stores[.revoked]!.replica.description }?.revoked == true)
        }
    }

    @Test("a dashboard session downloads both tiers (streamed, hashed, audited by session); no, expired or forged cookie is refused", arguments: StorageKind.testable)
    func sessionDownloads(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let (lap, link) = try await fx.enrolled("lap", role: .cadre)
            try record(lap, 20)
            _ = try await LaptopSync.sync(store: lap, link: link)
            let (cookie, session) = try await fx.hub.login(code: try await fx.hub.createLoginCode(label: "Bu Rina (gizi)"))
            let longAgo = WallClock.nowMilliseconds() - DashboardSession.lifetimeMilliseconds - 60_000
            let (expired, _) = try await fx.hub.login(code: try await fx.hub.createLoginCode(label: "old", now: longAgo), now: longAgo)
            let forged = String(cookie.dropLast(4)) + (cookie.hasSuffix("0000") ? "1111" : "0000")
            func url(_ format: String, _ tier: String) -> String { fx.url + HubAPI.exportsPath + "/" + format + "?tier=" + tier }
            let shaHeader = HubAPI.contentSHA256Header.lowercased()

            for (format, tier) in [("zip", "office"), ("csv.gz", "analyst")] {
                let (status, headers, body) = try await exchangeData(url(format, tier), cookie: "\(DashboardSession.cookieName)=\(cookie)")
                #expect(status == 200, "\(format) \(tier) by an office session")
                let file = fx.tmp.child("session-\(format)")
                try body.write(to: URL(fileURLWithPath: file))
                #expect(headers[shaHeader] == (try FileDigest.sha256Hex(of: file)), "the hash header is the body's SHA-256")
                #expect(headers["content-disposition"]?.contains("attachment") == true)
            }
            for (cookieValue, why) in [(nil, "no cookie"), (expired, "an expired session"), (forged, "a forged cookie")] {
                let (status, _, body) = try await exchange(url("zip", "office"), cookie: cookieValue.map { "\(DashboardSession.cookieName)=\($0)" })
                #expect(status == 401, "\(why): HTTP \(status)")
                #expect(body.contains("login-link"), "\(why): the refusal says how to log in")
            }
            // A session is for the dashboard and its downloads, not a device: no devices list, no sync.
            #expect(try await exchange(fx.url + HubAPI.devicesPath, cookie: "\(DashboardSession.cookieName)=\(cookie)").0 == 401)

            let entries = try await fx.hub.auditEntries()
            #expect(entries.count == 2, "only the two allowed downloads are audited")
            #expect(entries.map(\.format) == ["zip", "csv.gz"] && entries.map(\.tier) == ["office", "analyst"])
            #expect(entries.allSatisfy { $0.device == nil && $0.session == session.id && $0.sessionLabel == "Bu Rina (gizi)" && $0.role == .office })
            #expect(entries[0].who == "dashboard session \(session.id) (Bu Rina (gizi))")
        }
    }

    @Test("an enrolment code works once; a wrong signature or unknown code is refused", arguments: StorageKind.testable)
    func enrolmentCodes(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let code = try await fx.hub.createEnrolment(role: .analyst, kelurahan: nil)
            let a = try fx.laptop("a"), b = try fx.laptop("b")
            _ = try await LaptopSync.enrol(store: a, url: fx.url, code: code)
            do {
                _ = try await LaptopSync.enrol(store: b, url: fx.url, code: code)
                Issue.record("a used code was accepted again")
            } catch let e as HubClientError {
                #expect(e.status == 401 && e.code == "invalid-code")
            }
            // A request whose signature was made by another key.
            let code2 = try await fx.hub.createEnrolment(role: .analyst, kelurahan: nil)
            let req = EnrolRequest(code: code2, publicKey: Data(b.publicKey.rawRepresentation).base64EncodedString(),
                                   signature: Data(try a.sign(EnrolRequest.message(code: code2))).base64EncodedString(), label: "b")
            let answer = try await fx.client.raw("POST", HubAPI.enrolPath, bodyBytes: try JSONEncoder().encode(req))
            #expect(answer.status == 400)
            // The code is still usable by its rightful holder.
            _ = try await LaptopSync.enrol(store: b, url: fx.url, code: code2)
            #expect(try await fx.hub.devices().count == 2)
        }
    }

    @Test("expired codes are refused", arguments: StorageKind.testable)
    func expiredCode(kind: StorageKind) async throws {
        try await withHub(kind) { fx in
            let longAgo = WallClock.nowMilliseconds() - RegistryFile.codeLifetimeMilliseconds - 1000
            let code = try await fx.hub.createEnrolment(role: .office, kelurahan: nil, now: longAgo)
            let a = try fx.laptop("a")
            do {
                _ = try await LaptopSync.enrol(store: a, url: fx.url, code: code)
                Issue.record("an expired code was accepted")
            } catch let e as HubClientError {
                #expect(e.status == 401)
            }
        }
    }

    @Test("the registry keeps only hashes: no token or code on disk")
    func registryHoldsNoSecrets() async throws {
        try await withHub { fx in
            let code = try fx.hub.registryFile.createEnrolment(role: .office, kelurahan: nil)
            let (_, link) = try await fx.enrolled("office", role: .office)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: fx.hub.registryFile.path))
            #expect(bytes.range(of: Data(link.token.utf8)) == nil)
            #expect(bytes.range(of: Data(String(link.token.split(separator: ".").last!).utf8)) == nil)
            #expect(bytes.range(of: Data(EnrolmentCode.normalise(code).utf8)) == nil)
            let attributes = try FileManager.default.attributesOfItem(atPath: HubLink.path(in: fx.tmp.child("office")))
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }
    }
}
