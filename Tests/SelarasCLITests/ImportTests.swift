import Foundation
import Testing

@Suite("CLI: import from CSV")
struct ImportTests {
    /// A Manggar store with the children of `children-good.csv` imported.
    func storeWithChildren(_ cli: CLI) throws -> String {
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        let r = try cli.ok(["import", "--store", store, try CLI.csv("children-good.csv"), "--kind", "children"])
        #expect(r.stdout.hasPrefix("imported 3 children from "), "\(r)")
        return store
    }

    @Test("good files import every row: children, checks by child_nik and by child_name + child_born, surveys")
    func goodFiles() throws {
        let cli = try CLI()
        let store = try storeWithChildren(cli)
        let checks = try cli.ok(["import", "--store", store, try CLI.csv("checks-good.csv"), "--kind", "checks"])
        #expect(checks.stdout.hasPrefix("imported 3 checks from "), "\(checks)")
        let surveys = try cli.ok(["import", "--store", store, try CLI.csv("surveys-good.csv"), "--kind", "surveys"])
        #expect(surveys.stdout.hasPrefix("imported 2 surveys from "), "\(surveys)")
        #expect(try cli.active("child", in: store) == 3)
        #expect(try cli.active("check", in: store) == 3)
        #expect(try cli.active("survey", in: store) == 2)

        // Each check names the right child: Putri Ayu Lestari was found by name + date of birth.
        let log = try cli.log(store)
        let childIDs = Dictionary(uniqueKeysWithValues: log.prefix(3).compactMap { e -> (String, String)? in
            guard let name = (e["fields"] as? [String: String])?["name"], let id = e["entity"] as? String else { return nil }
            return (name, id)
        })
        let checked = log.filter { ($0["entity"] as? String)?.hasPrefix("gc-") == true }
            .compactMap { ($0["fields"] as? [String: String])?["child_id"] }
        #expect(checked == [childIDs["Siti Aminah"], childIDs["Budi Santoso"], childIDs["Putri Ayu Lestari"]])
        // A quoted field with a comma in it survives.
        #expect((log[2]["fields"] as? [String: String])?["mother"] == "Wahyuni, Sri")
        #expect(try cli.ok(["verify", "--store", store]).status == 0)
    }

    @Test("a ';'-separated file with CRLF lines and decimal commas imports")
    func semicolonsAndDecimalCommas() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        try cli.ok(["import", "--store", store, try CLI.csv("children-semicolon.csv"), "--kind", "children"])
        try cli.ok(["import", "--store", store, try CLI.csv("checks-semicolon.csv"), "--kind", "checks"])
        let fields = try cli.log(store).compactMap { $0["fields"] as? [String: String] }
        #expect(fields.map { $0["birth_weight_kg"] }.prefix(2) == ["3.25", "2.80"])
        #expect(fields.map { $0["weight_kg"] }.suffix(2) == ["7.6", "9.1"])
        #expect(fields.map { $0["length_height_cm"] }.suffix(2) == ["66.5", "74.0"])
    }

    /// A bad file and the `LINE: field` of every bad row it must report.
    struct BadFile: Sendable, CustomTestStringConvertible {
        let file: String
        let kind: String
        let problems: [String]
        let goodRows: Int
        var testDescription: String { file }
    }

    static let badFiles: [BadFile] = [
        BadFile(file: "children-bad.csv", kind: "children",
                problems: [":3: name: is required", ":4: sex: 'X'", ":5: born: '2099-01-01'"], goodRows: 2),
        BadFile(file: "checks-bad.csv", kind: "checks",
                problems: [":3: weight_kg: '0'", ":4: measured_on: 2023-01-01 is before", ":5: child_nik: no child with NIK '9999999999999999'"],
                goodRows: 2),
        BadFile(file: "surveys-bad.csv", kind: "surveys",
                problems: [":2: occupants: '0'", ":3: floor_material: 'marble'", ":3: floor_area_m2: is required"], goodRows: 1),
    ]

    @Test("a bad file reports every bad row as FILE:LINE: field: problem, exits 2 and imports nothing", arguments: badFiles)
    func badFileImportsNothing(_ bad: BadFile) throws {
        let cli = try CLI()
        let store = try storeWithChildren(cli)
        let file = try CLI.csv(bad.file)
        let r = try cli.run(["import", "--store", store, file, "--kind", bad.kind])
        #expect(r.status == 2, "\(r)")
        #expect(r.stdout.isEmpty)
        for p in bad.problems {
            #expect(r.stderr.contains("selaras: " + file + p), "missing \(p): \(r)")
        }
        let problemLines = r.stderrLines.filter { $0.hasPrefix("selaras: \(file):") }
        #expect(problemLines.count == bad.problems.count, "\(r)")
        #expect(problemLines.allSatisfy { $0.wholeMatch(of: /selaras: .+:\d+: [a-z0-9_\/]+: .+/) != nil }, "\(r)")
        #expect(r.stderr.contains("nothing imported"))
        #expect(try cli.eventCount(store) == 3)
    }

    @Test("--skip-invalid imports the valid rows and lists the lines it skipped", arguments: badFiles)
    func skipInvalid(_ bad: BadFile) throws {
        let cli = try CLI()
        let store = try storeWithChildren(cli)
        let file = try CLI.csv(bad.file)
        let r = try cli.run(["import", "--store", store, file, "--kind", bad.kind, "--skip-invalid"])
        #expect(r.status == 0, "\(r)")
        let lines = bad.problems.compactMap { $0.split(separator: ":").first }.reduce(into: [String]()) { if !$0.contains(String($1)) { $0.append(String($1)) } }
        #expect(r.stdout.contains("imported \(bad.goodRows) \(bad.kind)"), "\(r)")
        #expect(r.stdout.contains("skipped \(lines.count) invalid rows (lines \(lines.joined(separator: ", ")))"), "\(r)")
        #expect(r.stderrLines.filter { $0.hasPrefix("selaras: skipped: \(file):") }.count == bad.problems.count, "\(r)")
        #expect(try cli.eventCount(store) == 3 + bad.goodRows)
    }

    @Test("an unknown column is refused before any row, naming the columns allowed")
    func unknownColumn() throws {
        let cli = try CLI()
        let store = try storeWithChildren(cli)
        let file = try CLI.csv("children-bad-column.csv")
        let r = try cli.run(["import", "--store", store, file, "--kind", "children", "--skip-invalid"])
        #expect(r.status == 2, "\(r)")
        #expect(r.stderr.hasPrefix("selaras: \(file):1: unknown column 'shoe_size'"), "\(r)")
        #expect(r.stderr.contains("birth_weight_kg"))
        #expect(try cli.eventCount(store) == 3)
    }

    @Test("a missing file exits 1; an unknown --kind exits 2; an unterminated quote exits 2 naming its line")
    func unreadable() throws {
        let cli = try CLI()
        let store = try storeWithChildren(cli)
        let missing = try cli.run(["import", "--store", store, cli.path("nope.csv"), "--kind", "children"])
        #expect(missing.status == 1, "\(missing)")
        #expect(missing.stderr.contains("nope.csv"))
        let kind = try cli.run(["import", "--store", store, try CLI.csv("children-good.csv"), "--kind", "babies"])
        #expect(kind.status == 2, "\(kind)")
        let quoted = cli.path("quote.csv")
        try "name,sex,born\nA,L,2024-01-01\n\"B,L,2024-01-01\n".write(toFile: quoted, atomically: true, encoding: .utf8)
        let q = try cli.run(["import", "--store", store, quoted, "--kind", "children"])
        #expect(q.status == 2, "\(q)")
        #expect(q.stderr.contains("quote.csv:3:"), "\(q)")
        #expect(try cli.eventCount(store) == 3)
    }
}
