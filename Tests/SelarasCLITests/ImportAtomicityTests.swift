import Foundation
import Testing

@Suite("CLI: imports are all or nothing, and once")
struct ImportAtomicityTests {
    /// A children CSV whose rows alternate between Manggar and Lamaru (two streams).
    static func twoKelurahanChildren(_ rows: Int) -> String {
        var text = "name,sex,born,mother,posyandu,kelurahan\n"
        for i in 0..<rows {
            let born = String(format: "2023-%02d-%02d", i % 12 + 1, i % 28 + 1)
            text += "Anak Uji \(i),\(i % 2 == 0 ? "P" : "L"),\(born),Ibu Uji \(i),Melati \(i % 5 + 1),\(i % 2 == 0 ? "Manggar" : "Lamaru")\n"
        }
        return text
    }

    @Test("importing the same file twice: the second run says 'already imported' and adds nothing")
    func sameFileTwice() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        let file = try CLI.csv("children-good.csv")
        let first = try cli.ok(["import", "--store", store, file, "--kind", "children"])
        #expect(first.stdout.hasPrefix("imported 3 children from "), "\(first)")
        let events = try cli.eventCount(store)
        let again = try cli.ok(["import", "--store", store, file, "--kind", "children"])
        #expect(again.stdout.contains("already imported"), "\(again)")
        #expect(again.stdout.contains("nothing changed"), "\(again)")
        #expect(try cli.eventCount(store) == events)
        #expect(try cli.active("child", in: store) == 3)
        // The same content under another name is the same file.
        let copy = cli.path("copy.csv")
        try FileManager.default.copyItem(atPath: file, toPath: copy)
        let renamed = try cli.ok(["import", "--store", store, copy, "--kind", "children"])
        #expect(renamed.stdout.contains("already imported"), "\(renamed)")
        #expect(try cli.eventCount(store) == events)
    }

    @Test("a check repeating another (same child, date, measurements) is reported, naming both, and left out")
    func duplicateChecks() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        try cli.ok(["import", "--store", store, try CLI.csv("children-good.csv"), "--kind", "children"])
        try cli.ok(["import", "--store", store, try CLI.csv("checks-good.csv"), "--kind", "checks"])
        // A later file repeats the first check (another cadre wrote it), has it twice, and adds one new check.
        let file = cli.path("checks-feb.csv")
        try """
        child_nik,child_name,child_born,measured_on,weight_kg,length_height_cm,position,muac_cm,head_cm,cadre
        6471050203240001,,,2025-01-15,8.4,71.0,lying,13.5,44.0,Bu Rina
        6471050203240001,,,2025-02-15,8.6,72.0,lying,13.6,44.2,Bu Ani
        6471050203240001,,,2025-02-15,8.6,72.0,lying,13.6,44.2,Bu Ani

        """.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try cli.ok(["import", "--store", store, file, "--kind", "checks"])
        #expect(r.stdout.hasPrefix("imported 1 checks from "), "\(r)")
        #expect(r.stdout.contains("left out 2 possible duplicate checks (lines 2, 4)"), "\(r)")
        #expect(r.stderr.contains("checks-feb.csv:2: possible duplicate of check gc-"), "\(r)")
        #expect(r.stderr.contains("checks-feb.csv:4: possible duplicate of line 3"), "\(r)")
        #expect(try cli.active("check", in: store) == 4)
    }

    @Test("kill -9 during a two-kelurahan import, 20 times at random moments: each reopened store holds all rows or none")
    func killedMidImport() throws {
        let exe = try #require(CLI.executable, "build the selaras executable first")
        let cli = try CLI()
        let rows = 600
        let csv = cli.path("two-kelurahan.csv")
        try Self.twoKelurahanChildren(rows).write(toFile: csv, atomically: true, encoding: .utf8)
        // How long a whole import takes here.
        let timed = cli.path("timed")
        try cli.ok(["init", "--store", timed, "--kelurahan", "Manggar"])
        let base = try cli.eventCount(timed)
        let started = Date()
        let full = try cli.ok(["import", "--store", timed, csv, "--kind", "children"])
        let duration = Date().timeIntervalSince(started)
        #expect(full.stdout.hasPrefix("imported \(rows) children"), "\(full)")
        #expect(try cli.eventCount(timed) == base + rows)

        var rng = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        for round in 0..<20 {
            let store = cli.path("store-\(round)")
            try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
            // Half the kills anywhere in the run, half in its last 40% (where the rows are written).
            let from = round % 2 == 0 ? 0 : 0.6 * duration
            let delay = Double.random(in: from...(duration * 1.05), using: &rng)
            let p = Process()
            p.executableURL = exe
            p.arguments = ["import", "--store", store, csv, "--kind", "children"]
            p.currentDirectoryURL = cli.directory.url
            var env = ProcessInfo.processInfo.environment
            env["HOME"] = cli.directory.path
            env["SELARAS_HOME"] = nil
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32(delay * 1_000_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let killed = p.terminationReason == .uncaughtSignal
            let held = try cli.eventCount(store) - base
            #expect(held == 0 || held == rows, "kill \(round) after \(delay) s: \(held) of \(rows) rows kept")
            outcomes["\(killed ? "killed" : "finished"), \(held == 0 ? "none" : held == rows ? "all" : "part")", default: 0] += 1
            if round == 19 {
                // Importing again completes it, or says it is done.
                let again = try cli.ok(["import", "--store", store, csv, "--kind", "children"])
                #expect(held == 0 ? again.stdout.hasPrefix("imported \(rows)") : again.stdout.contains("already imported"), "\(again)")
                #expect(try cli.eventCount(store) == base + rows)
                try cli.ok(["verify", "--store", store])
            }
        }
        #expect((outcomes["killed, none"] ?? 0) > 0, "\(outcomes)")
        print("kill -9 outcomes: \(outcomes.sorted { $0.key < $1.key })")
    }
}
