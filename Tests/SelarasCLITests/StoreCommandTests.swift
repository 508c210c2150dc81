import Foundation
import SelarasTestSupport
import Testing

@Suite("CLI: verify, demo and help")
struct StoreCommandTests {
    @Test("verify exits 0 on a sound store")
    func verifySound() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        try cli.ok(["check", "add", "--store", store, "--child", child, "--date", "2025-01-15", "--weight", "8.4"])
        let r = try cli.ok(["verify", "--store", store])
        #expect(r.stdout.hasPrefix("sound: 2 events in 1 streams"), "\(r)")
    }

    @Test("verify exits 1 on the flipped-byte fixture and changes no byte")
    func verifyFlippedFixture() throws {
        let cli = try CLI()
        let store = try Fixtures.copy("logs/flipped-byte", from: Fixtures.root(in: .module), into: cli.directory)
        let log = try #require(try FileManager.default.contentsOfDirectory(atPath: store + "/streams").first { $0.hasSuffix("-26.log") })
        let before = FileManager.default.contents(atPath: store + "/streams/" + log)
        let r = try cli.run(["verify", "--store", store])
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.hasPrefix("selaras: "))
        #expect(r.stderr.contains("byte 170"), "\(r)")
        #expect(r.stdout.isEmpty)
        #expect(FileManager.default.contents(atPath: store + "/streams/" + log) == before)
    }

    @Test("verify exits 1 after a byte in the middle of a store's log is flipped; other commands refuse too")
    func verifyFlippedByteInMiddle() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        try cli.ok(["import", "--store", store, try CLI.csv("children-good.csv"), "--kind", "children"])
        try cli.ok(["import", "--store", store, try CLI.csv("checks-good.csv"), "--kind", "checks"])
        try cli.ok(["verify", "--store", store])
        let streams = store + "/streams/"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: streams).first { $0.hasSuffix(".log") })
        var bytes = try #require(FileManager.default.contents(atPath: streams + name))
        let middle = bytes.count / 2
        bytes[middle] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: streams + name))

        let r = try cli.run(["verify", "--store", store])
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.contains("checksum mismatch"), "\(r)")
        #expect(r.stderr.contains(name), "\(r)")
        let log = try cli.run(["log", "--store", store])
        #expect(log.status == 1, "\(log)")
        #expect(log.stderr.hasPrefix("selaras: "))
        // Damage before the tail is reported, never silently repaired.
        #expect(FileManager.default.contents(atPath: streams + name) == bytes)
    }

    @Test("opening the torn-tail fixture reports the recovery; verify then finds the store sound")
    func tornTailRecovered() throws {
        let cli = try CLI()
        let store = try Fixtures.copy("logs/torn-tail", from: Fixtures.root(in: .module), into: cli.directory)
        let r = try cli.ok(["verify", "--store", store])
        #expect(r.stderr.contains("selaras: recovered: "), "\(r)")
        #expect(r.stdout.hasPrefix("sound: 4 events in 2 streams"), "\(r)")
        let again = try cli.ok(["verify", "--store", store])
        #expect(again.stderr.isEmpty, "\(again)")
    }

    @Test("demo --dir makes 3 laptops in 2 kelurahan; status on each works and verify finds each sound")
    func demo() throws {
        let cli = try CLI()
        let dir = cli.path("demo")
        let r = try cli.ok(["demo", "--dir", dir])
        #expect(r.stdout.contains("3 laptops"), "\(r)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(entries == ["exports", "lap1", "lap2", "lap3", "office", "usb"])
        #expect(r.stdout.contains("(equal)"), "office and lap3 compute the same state digest: \(r)")
        var kelurahan = Set<String>()
        for lap in ["lap1", "lap2", "lap3", "office"] {
            let store = dir + "/" + lap
            #expect(try cli.ok(["status", "--store", store]).stdout.contains("children"))
            let status = try cli.status(store)
            if lap != "office" { kelurahan.insert(try #require(status["kelurahan"] as? String)) }
            try cli.ok(["verify", "--store", store])
        }
        // The office merged every laptop's bundle.
        let office = dir + "/office"
        let children = try cli.active("child", in: office)
        let checks = try cli.active("check", in: office)
        let surveys = try cli.active("survey", in: office)
        #expect(kelurahan.count == 2)
        #expect((150...250).contains(children), "\(children) children")
        #expect(checks > children * 6, "\(checks) checks")
        #expect(try cli.ok(["conflicts", "--store", office]).stdout.contains("resolve"))
        #expect(try cli.ok(["duplicates", "--store", office]).stdout.contains("same-as"))
        #expect((20...40).contains(surveys), "\(surveys) surveys")
    }

    @Test("--help of every command exits 0 and shows an example",
          arguments: [[], ["init"], ["child"], ["child", "add"], ["check"], ["check", "add"], ["survey"], ["survey", "add"],
                      ["correct"], ["void"], ["import"], ["log"], ["verify"], ["status"], ["demo"]])
    func help(_ command: [String]) throws {
        let cli = try CLI()
        let r = try cli.ok(command + ["--help"])
        #expect(r.stdout.localizedCaseInsensitiveContains("example"), "\(r)")
        #expect(r.stdout.contains("selaras " + command.joined(separator: " ")), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: cli.path(".selaras")))
    }

    @Test("the add commands' --help lists every field of the schema with its allowed values")
    func helpListsFields() throws {
        let cli = try CLI()
        let child = try cli.ok(["child", "add", "--help"]).stdout
        for flag in ["--nik", "--name", "--sex", "--born", "--birth-weight", "--mother", "--posyandu", "--phone"] {
            #expect(child.contains(flag), "child add --help lacks \(flag)")
        }
        let check = try cli.ok(["check", "add", "--help"]).stdout
        #expect(check.contains("--weight") && check.contains("0.5–40.0 kg"))
        #expect(check.contains("--position") && check.contains("lying, standing"))
    }
}
