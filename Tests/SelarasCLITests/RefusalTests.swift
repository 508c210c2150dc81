import Foundation
import Testing

/// One impossible input and what the refusal must name.
struct Refusal: CustomTestStringConvertible, Sendable {
    let name: String
    /// Arguments after `--store STORE`; `CHILD` is replaced by the child's id.
    let arguments: [String]
    let command: [String]
    /// Every one of these must appear in stderr (field, value, allowed range).
    let mentions: [String]
    var testDescription: String { name }

    static let all: [Refusal] = [
        Refusal(name: "weight 0", arguments: ["--child", "CHILD", "--date", "2025-01-15", "--weight", "0"],
                command: ["check", "add"], mentions: ["weight_kg", "0", "0.5–40.0 kg"]),
        Refusal(name: "weight 41 kg", arguments: ["--child", "CHILD", "--date", "2025-01-15", "--weight", "41"],
                command: ["check", "add"], mentions: ["weight_kg", "41", "0.5–40.0 kg"]),
        Refusal(name: "a check date in the future", arguments: ["--child", "CHILD", "--date", "2099-01-15", "--weight", "8.4"],
                command: ["check", "add"], mentions: ["measured_on", "2099-01-15", "future"]),
        Refusal(name: "a check before birth", arguments: ["--child", "CHILD", "--date", "2024-01-15", "--weight", "8.4"],
                command: ["check", "add"], mentions: ["measured_on", "2024-01-15", "before the child's birth", "allowed: 2024-03-02 to"]),
        Refusal(name: "a birth date in the future", arguments: ["--name", "Bayu", "--sex", "L", "--born", "2099-02-02"],
                command: ["child", "add"], mentions: ["born", "2099-02-02", "future"]),
        Refusal(name: "sex X", arguments: ["--name", "Bayu", "--sex", "X", "--born", "2024-02-02"],
                command: ["child", "add"], mentions: ["sex", "X", "L, P"]),
        Refusal(name: "a length without position", arguments: ["--child", "CHILD", "--date", "2025-01-15", "--length", "71.0"],
                command: ["check", "add"], mentions: ["position", "lying, standing"]),
        Refusal(name: "a missing required field", arguments: ["--name", "Bayu", "--sex", "L"],
                command: ["child", "add"], mentions: ["born", "required"]),
        Refusal(name: "an unknown field", arguments: ["--name", "Bayu", "--sex", "L", "--born", "2024-02-02", "--shoe-size", "20"],
                command: ["child", "add"], mentions: ["shoe-size", "is not a field"]),
        Refusal(name: "an unknown child", arguments: ["--child", "ch-0123456789abcdef-26-9", "--date", "2025-01-15", "--weight", "8.4"],
                command: ["check", "add"], mentions: ["child_id", "ch-0123456789abcdef-26-9"]),
        Refusal(name: "a bare word", arguments: ["--name", "Bayu", "oops"],
                command: ["child", "add"], mentions: ["oops"]),
        Refusal(name: "an occupants count of 0", arguments: ["--head-name", "Budi", "--occupants", "0", "--floor-area", "24", "--date", "2025-02-03"],
                command: ["survey", "add"], mentions: ["occupants", "0", "1–50"]),
        Refusal(name: "an unknown flag of a fixed command", arguments: ["--bogus"],
                command: ["status"], mentions: ["--bogus"]),
    ]
}

@Suite("CLI: refusals")
struct RefusalTests {
    @Test("impossible input exits 2, names field, value and allowed range, and writes nothing", arguments: Refusal.all)
    func refused(_ refusal: Refusal) throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        let before = try cli.eventCount(store)
        let args = refusal.command + ["--store", store] + refusal.arguments.map { $0 == "CHILD" ? child : $0 }
        let r = try cli.run(args)
        #expect(r.status == 2, "\(r)")
        #expect(r.stdout.isEmpty, "\(r)")
        #expect(r.stderr.hasPrefix("selaras: ") || refusal.command == ["status"], "\(r)")
        for m in refusal.mentions {
            #expect(r.stderr.contains(m), "stderr does not mention \(m): \(r)")
        }
        #expect(try cli.eventCount(store) == before)
    }

    @Test("every problem of one record is reported, not just the first")
    func everyProblem() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        let r = try cli.run(["check", "add", "--store", store, "--child", child, "--date", "2025-01-15",
                             "--weight", "0", "--muac", "99", "--head", "5"])
        #expect(r.status == 2)
        #expect(r.stderrLines.count >= 3, "\(r)")
        #expect(r.stderrLines.allSatisfy { $0.hasPrefix("selaras: ") }, "\(r)")
        for field in ["weight_kg", "muac_cm", "head_cm"] { #expect(r.stderr.contains(field), "\(r)") }
        #expect(try cli.eventCount(store) == 1)
    }

    @Test("a value beyond the WHO flag limits is kept with a warning, not refused")
    func flaggedNotRefused() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        // 3.0 kg at ten months is possible to type but far below −6 SD weight-for-age.
        let r = try cli.ok(["check", "add", "--store", store, "--child", child, "--date", "2025-01-15", "--weight", "3.0"])
        #expect(r.stdout.hasPrefix("gc-"))
        #expect(r.stderr.contains("warning"), "\(r)")
        #expect(r.stderr.contains("kept and flagged"), "\(r)")
        #expect(try cli.eventCount(store) == 2)
    }

    @Test("init refuses an unknown kelurahan with exit 2, naming it and the allowed ones, and creates nothing")
    func unknownKelurahan() throws {
        let cli = try CLI()
        let store = cli.path("lapX")
        let r = try cli.run(["init", "--store", store, "--kelurahan", "Atlantis"])
        #expect(r.status == 2, "\(r)")
        #expect(r.stderr.hasPrefix("selaras: --kelurahan: 'Atlantis'"), "\(r)")
        #expect(r.stderr.contains("Manggar") && r.stderr.contains("Sepinggan Baru"))
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test("init refuses an existing store with exit 1 and leaves it alone")
    func initTwice() throws {
        let cli = try CLI()
        let (store, _) = try cli.storeWithChild()
        let replica = try cli.status(store)["replica"] as? String
        let r = try cli.run(["init", "--store", store, "--kelurahan", "Lamaru"])
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.hasPrefix("selaras: "))
        #expect(try cli.status(store)["replica"] as? String == replica)
        #expect(try cli.eventCount(store) == 1)
    }
}
