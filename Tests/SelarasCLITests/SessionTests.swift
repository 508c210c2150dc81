import Foundation
import Testing

@Suite("CLI: a cadre's session")
struct SessionTests {
    @Test("the README session: init, child add prints an id, check add, status shows 1 child and 1 check")
    func readmeSession() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        let created = try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        #expect(created.stdout.contains("Manggar"))

        let child = try cli.ok(["child", "add", "--store", store, "--name", "Siti Aminah", "--sex", "P", "--born", "2024-03-02",
                                "--mother", "Rahmawati", "--posyandu", "Melati 3"])
        let id = child.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.wholeMatch(of: /ch-[0-9a-f]{16}-26-1/) != nil, "child add printed \(child.stdout)")

        let check = try cli.ok(["check", "add", "--store", store, "--child", id, "--date", "2025-01-15", "--weight", "8.4",
                                "--length", "71.0", "--position", "lying", "--muac", "13.5", "--head", "44.0"])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("gc-"))

        let status = try cli.ok(["status", "--store", store])
        #expect(status.stdout.contains("kelurahan  Manggar"))
        #expect(status.stdout.contains("children 1, growth checks 1, house surveys 0"), "\(status)")
        #expect(status.stdout.contains("events     2"))

        let json = try cli.status(store)
        #expect(json["kelurahan"] as? String == "Manggar")
        #expect(json["events"] as? Int == 2)
        #expect((json["replica"] as? String)?.count == 16)
        let records = try #require(json["records"] as? [String: [String: Int]])
        #expect(records["child"] == ["active": 1, "voided": 0])
        #expect(records["check"] == ["active": 1, "voided": 0])
        #expect(records["survey"] == ["active": 0, "voided": 0])
        let vv = try #require(json["version_vector"] as? [String: Int])
        #expect(vv.count == 1 && vv.values.first == 2, "\(vv)")
    }

    @Test("$SELARAS_HOME is the store when --store is not given")
    func selarasHome() throws {
        let cli = try CLI()
        let home = cli.path("home-store")
        try cli.ok(["init", "--kelurahan", "Lamaru"], environment: ["SELARAS_HOME": home])
        let r = try cli.ok(["status"], environment: ["SELARAS_HOME": home])
        #expect(r.stdout.contains("Lamaru"))
        #expect(FileManager.default.fileExists(atPath: home + "/replica"))
    }

    @Test("survey add records an RTLH survey; sex M/F are accepted for L/P")
    func surveyAndAliases() throws {
        let cli = try CLI()
        let (store, _) = try cli.storeWithChild()
        try cli.ok(["child", "add", "--store", store, "--name", "Budi", "--sex", "M", "--born", "2024-01-10"])
        let r = try cli.ok(["survey", "add", "--store", store, "--head-name", "Budi Santoso", "--occupants", "5", "--floor-area", "24",
                            "--floor", "earth", "--walls", "bamboo", "--roof", "leaf", "--toilet", "none",
                            "--water", "unprotected-well", "--date", "2025-02-03"])
        #expect(r.stdout.hasPrefix("hs-"))
        #expect(try cli.active("child", in: store) == 2)
        #expect(try cli.active("survey", in: store) == 1)
        let sexes = try cli.log(store).compactMap { ($0["fields"] as? [String: String])?["sex"] }
        #expect(sexes == ["P", "L"])
    }

    @Test("a command on a directory that is not a store fails with exit 1 and one sentence")
    func notAStore() throws {
        let cli = try CLI()
        let r = try cli.run(["status", "--store", cli.path("nothing-here")])
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.hasPrefix("selaras: "))
        #expect(r.stdout.isEmpty)
    }
}
