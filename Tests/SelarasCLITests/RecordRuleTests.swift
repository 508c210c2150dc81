import Foundation
import Testing

/// The record rules of issue 11 (findings 8 and 9), through the real `selaras` binary.
@Suite("CLI: record rules (NIK vs name, same-as, birth date vs checks, void with checks)")
struct RecordRuleTests {
    /// Writes a CSV file into the test directory and returns its path.
    func csv(_ cli: CLI, _ name: String, _ text: String) throws -> String {
        let path = cli.path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `child add`, returning the new id.
    func addChild(_ cli: CLI, _ store: String, _ extra: [String]) throws -> String {
        try cli.ok(["child", "add", "--store", store, "--sex", "P", "--mother", "Rahmawati"] + extra)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("a check row whose NIK and name + birth date name two different children is refused, naming both")
    func nikAndNameDisagree() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        let siti = try addChild(cli, store, ["--name", "Siti Aminah", "--born", "2024-03-02", "--nik", "6471050203240001"])
        let budi = try addChild(cli, store, ["--name", "Budi Santoso", "--born", "2023-11-20", "--nik", "6471052011230002"])
        let file = try csv(cli, "checks.csv", """
            child_nik,child_name,child_born,measured_on,weight_kg
            6471050203240001,Siti Aminah,2024-03-02,2025-01-15,8.4
            6471050203240001,Budi Santoso,2023-11-20,2025-01-15,10.2

            """)
        let r = try cli.run(["import", "--store", store, file, "--kind", "checks"])
        #expect(r.status == 2, "\(r)")
        let line = try #require(r.stderrLines.first { $0.contains("checks.csv:3:") }, "\(r)")
        #expect(line.contains(siti) && line.contains("Siti Aminah"), "\(line)")
        #expect(line.contains(budi) && line.contains("Budi Santoso"), "\(line)")
        #expect(!r.stderr.contains("checks.csv:2:"), "the agreeing row is fine: \(r)")
        #expect(try cli.active("check", in: store) == 0)
    }

    @Test("after same-as, child_nik finds the merged child (its representative), where it was ambiguous before")
    func nikLookupHonoursSameAs() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        let a = try addChild(cli, store, ["--name", "Siti Aminah", "--born", "2024-03-02", "--nik", "6471050203240001"])
        let b = try addChild(cli, store, ["--name", "Siti Aminah", "--born", "2024-03-02", "--nik", "6471050203240001",
                                          "--posyandu", "Mawar"])
        let file = try csv(cli, "checks.csv", "child_nik,measured_on,weight_kg\n6471050203240001,2025-01-15,8.4\n")
        let before = try cli.run(["import", "--store", store, file, "--kind", "checks"])
        #expect(before.status == 2, "\(before)")
        #expect(before.stderr.contains("2 children have NIK"), "\(before)")

        try cli.ok(["same-as", "--store", store, a, b, "--reason", "registered twice"])
        let after = try cli.ok(["import", "--store", store, file, "--kind", "checks"])
        #expect(after.stdout.hasPrefix("imported 1 checks"), "\(after)")
        let created = try #require(try cli.log(store).last)
        #expect((created["fields"] as? [String: String])?["child_id"] == min(a, b), "\(created)")
    }

    @Test("correct --born to a date after the child's earliest check is refused, naming that check's date")
    func bornAfterChecks() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        for date in ["2025-03-10", "2025-01-15"] {
            try cli.ok(["check", "add", "--store", store, "--child", child, "--date", date, "--weight", "8.4"])
        }
        let r = try cli.run(["correct", "--store", store, child, "--born", "2025-02-01", "--reason", "typo"])
        #expect(r.status == 2, "\(r)")
        #expect(r.stderrLines.count == 1 && r.stderr.hasPrefix("selaras: born: 2025-02-01"), "\(r)")
        #expect(r.stderr.contains("measured on 2025-01-15"), "\(r)")
        #expect(try cli.eventCount(store) == 3)
        try cli.ok(["correct", "--store", store, child, "--born", "2025-01-15", "--reason", "typo"])
    }

    @Test("a child born more than 18 years before today is refused (born 1900)")
    func bornTooLongAgo() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        let r = try cli.run(["child", "add", "--store", store, "--name", "Siti", "--sex", "P", "--born", "1900-01-01"])
        #expect(r.status == 2, "\(r)")
        #expect(r.stderr.hasPrefix("selaras: born: 1900-01-01 is more than 18 years before"), "\(r)")
        #expect(try cli.eventCount(store) == 0)
    }

    @Test("void of a child with checks is refused; --with-checks voids the child and its checks with one reason")
    func voidWithChecks() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        var checks: [String] = []
        for date in ["2025-01-15", "2025-02-15"] {
            checks.append(try cli.ok(["check", "add", "--store", store, "--child", child, "--date", date, "--weight", "8.4"])
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let refused = try cli.run(["void", "--store", store, child, "--reason", "registered twice"])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("2 growth checks") && refused.stderr.contains("--with-checks"), "\(refused)")
        #expect(try cli.eventCount(store) == 3)

        let r = try cli.ok(["void", "--store", store, child, "--with-checks", "--reason", "registered twice"])
        #expect(r.stdoutLines.count == 3, "\(r)")
        let voids = try cli.log(store).filter { $0["operation"] as? String == "void" }
        #expect(Set(voids.compactMap { $0["entity"] as? String }) == Set([child] + checks))
        #expect(voids.allSatisfy { $0["reason"] as? String == "registered twice" })
        let records = try #require(try cli.status(store)["records"] as? [String: [String: Int]])
        #expect(records["child"]?["active"] == 0 && records["check"]?["active"] == 0 && records["check"]?["voided"] == 2)
    }

    @Test("status does not count as active the checks that exports leave out (their child voided elsewhere)")
    func statusAgreesWithExports() throws {
        let cli = try CLI()
        let (lap1, child) = try cli.storeWithChild()
        let lap2 = cli.path("lap2")
        try cli.ok(["init", "--store", lap2, "--kelurahan", "Manggar"])
        let b1 = cli.path("b1.slb"), b2 = cli.path("b2.slb")
        try cli.ok(["bundle", "create", "--store", lap1, "--out", b1, "--all"])
        try cli.ok(["bundle", "import", "--store", lap2, b1])
        // lap2 weighs the child while lap1, not knowing, voids it.
        try cli.ok(["check", "add", "--store", lap2, "--child", child, "--date", "2025-01-15", "--weight", "8.4"])
        try cli.ok(["void", "--store", lap1, child, "--reason", "registered twice"])
        try cli.ok(["bundle", "create", "--store", lap2, "--out", b2, "--all"])
        try cli.ok(["bundle", "import", "--store", lap1, b2])
        let status = try cli.status(lap1)
        let records = try #require(status["records"] as? [String: [String: Int]])
        #expect(records["check"]?["active"] == 0, "\(records)")
        #expect(status["checks_without_child"] as? Int == 1, "\(status)")
        let text = try cli.ok(["status", "--store", lap1])
        #expect(text.stdout.contains("1 growth check not shown"), "\(text)")
    }
}
