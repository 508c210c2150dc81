import Foundation
import SelarasCompression
import Testing

/// `selaras export` end to end: formats read back, the analyst tier holds nothing that
/// identifies a child, and two stores that received the same events in different orders
/// export byte-identical files.
@Suite("CLI: export")
struct ExportCommandTests {
    /// A demo and an office key file.
    static func demo(_ cli: CLI) throws -> (office: String, laptops: [String], key: String) {
        let dir = cli.path("demo")
        try cli.ok(["demo", "--dir", dir])
        let key = cli.path("office.key")
        try Data(String(repeating: "ab", count: 32).utf8).write(to: URL(fileURLWithPath: key))
        return (dir + "/office", ["lap1", "lap2", "lap3"].map { dir + "/" + $0 }, key)
    }

    static func gunzip(_ path: String) throws -> String {
        let bytes = try #require(FileManager.default.contents(atPath: path))
        return String(decoding: try Inflater.decompress(Array(bytes), format: .gzip), as: UTF8.self)
    }

    @Test("--list names csv.gz and jsonl.gz; an unknown format exits 2")
    func list() throws {
        let cli = try CLI()
        let r = try cli.ok(["export", "--list"])
        #expect(r.stdout.contains("csv.gz"))
        #expect(r.stdout.contains("jsonl.gz"))
        let bad = try cli.run(["export", "--format", "pdf", "--out", cli.path("x")])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'pdf' is not a format"), "\(bad)")
    }

    @Test("csv.gz reads back: every table, the fixed growth_checks columns, rows = active checks, SHA256SUMS; --as-of moves ages")
    func csvReadsBack() throws {
        let cli = try CLI()
        let (office, _, key) = try Self.demo(cli)
        let out = cli.path("csv")
        try cli.ok(["export", "--store", office, "--format", "csv.gz", "--out", out, "--pseudonym-key", key, "--as-of", "2025-03-15"])
        for table in ["children", "growth_checks", "house_surveys", "conflicts", "indicators"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(table).csv.gz"), "\(table)")
        }
        let checks = try Self.gunzip(out + "/growth_checks.csv.gz").split(separator: "\r\n").map(String.init)
        let header = checks[0].split(separator: ",").map(String.init)
        // The analyst tier has no age_days (it would pin the birth date next to the month).
        #expect(Array(header.prefix(18)) == ["check_id", "child_id", "measured_on", "weight_kg", "length_height_cm",
                                              "position", "waz", "haz", "whz", "baz", "hcz", "acz", "flag_waz", "flag_haz",
                                              "flag_whz", "flag_baz", "flag_hcz", "flag_acz"])
        #expect(checks.count - 1 == (try cli.active("check", in: office)))
        let sums = try String(contentsOfFile: out + "/SHA256SUMS", encoding: .utf8)
        #expect(sums.split(separator: "\n").count == 5)
        // A year later by --as-of: every child is 12 months older; nothing else in the table moves.
        let later = cli.path("csv-later")
        try cli.ok(["export", "--store", office, "--format", "csv.gz", "--out", later, "--pseudonym-key", key, "--as-of", "2026-03-15"])
        let a = try Self.gunzip(out + "/children.csv.gz").split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let b = try Self.gunzip(later + "/children.csv.gz").split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let age = try #require(a[0].firstIndex(of: "age_months"))
        #expect(a.count == b.count && a.count > 100)
        for (x, y) in zip(a.dropFirst(), b.dropFirst()) {
            #expect(Int(y[age]) == Int(x[age]).map { $0 + 12 }, "\(x) / \(y)")
            #expect(x.indices.filter { $0 != age }.allSatisfy { x[$0] == y[$0] })
        }
        #expect(try Self.gunzip(out + "/growth_checks.csv.gz") == (try Self.gunzip(later + "/growth_checks.csv.gz")))
    }

    @Test("the analyst tier holds no identifying column and no name, NIK or phone from the office tier")
    func analystTierIsPseudonymous() throws {
        let cli = try CLI()
        let (office, _, key) = try Self.demo(cli)
        try cli.ok(["export", "--store", office, "--format", "jsonl.gz", "--out", cli.path("office"), "--tier", "office"])
        try cli.ok(["export", "--store", office, "--format", "csv.gz", "--out", cli.path("analyst"), "--pseudonym-key", key])
        try cli.ok(["export", "--store", office, "--format", "jsonl.gz", "--out", cli.path("analyst-jsonl"), "--pseudonym-key", key])
        // Identifying values, taken from the office tier.
        var secrets = Set<String>()
        for line in try Self.gunzip(cli.path("office") + "/children.jsonl.gz").split(separator: "\n") {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for k in ["name", "mother", "father", "nik", "phone", "address", "child_id"] { if let v = o[k] as? String { secrets.insert(v) } }
        }
        #expect(secrets.count > 300)  // birth dates are checked by column: other dates may equal them
        let forbidden = ["nik", "name", "mother", "father", "phone", "address", "family_card", "born", "head_name", "head_nik",
                         "latitude", "longitude", "mother_nik", "cadre", "notes", "rt", "rw", "age_days", "income_rp"]
        for dir in [cli.path("analyst"), cli.path("analyst-jsonl")] {
            for file in try FileManager.default.contentsOfDirectory(atPath: dir) where file.hasSuffix(".gz") {
                let text = try Self.gunzip(dir + "/" + file)
                if file.hasSuffix(".csv.gz") {
                    let header = text.prefix { $0 != "\r\n" }.split(separator: ",").map(String.init)
                    for f in forbidden { #expect(!header.contains(f), "\(file) has column \(f)") }
                }
                for s in secrets where s.count >= 6 { #expect(!text.contains(s), "\(file) contains '\(s)'") }
                #expect(text.range(of: #"(?<![0-9a-f])\d{16}(?![0-9a-f])"#, options: .regularExpression) == nil,
                        "\(file) holds a 16-digit number")
            }
        }
    }

    @Test("two stores that received the same events in different orders export byte-identical files")
    func deterministicAcrossArrivalOrder() throws {
        let cli = try CLI()
        let (_, laptops, key) = try Self.demo(cli)
        var bundles: [String] = []
        for (i, lap) in laptops.enumerated() {
            let b = cli.path("b\(i).slb")
            try cli.ok(["bundle", "create", "--store", lap, "--out", b, "--all"])
            bundles.append(b)
        }
        try cli.ok(["init", "--store", cli.path("a"), "--kelurahan", "Manggar"])
        try cli.ok(["init", "--store", cli.path("b"), "--kelurahan", "Damai"])
        try cli.ok(["bundle", "import", "--store", cli.path("a")] + bundles)
        try cli.ok(["bundle", "import", "--store", cli.path("b")] + bundles.reversed())
        for format in ["csv.gz", "jsonl.gz"] {
            for tier in ["analyst", "office"] {
                let outA = cli.path("xa-\(format)-\(tier)"), outB = cli.path("xb-\(format)-\(tier)")
                try cli.ok(["export", "--store", cli.path("a"), "--format", format, "--tier", tier, "--out", outA, "--pseudonym-key", key,
                            "--as-of", "2025-03-15"])
                try cli.ok(["export", "--store", cli.path("b"), "--format", format, "--tier", tier, "--out", outB, "--pseudonym-key", key,
                            "--as-of", "2025-03-15"])
                let files = try FileManager.default.contentsOfDirectory(atPath: outA).sorted()
                #expect(files == (try FileManager.default.contentsOfDirectory(atPath: outB).sorted()))
                for f in files {
                    #expect(FileManager.default.contents(atPath: outA + "/" + f) == FileManager.default.contents(atPath: outB + "/" + f),
                            "\(format) \(tier) \(f) differs")
                }
            }
        }
    }

    @Test("bad export input exits 2 with one sentence", arguments: [
        (["--tier", "public"], "--tier: 'public' is not a tier"),
        (["--kelurahan", "Jakarta"], "--kelurahan: 'Jakarta' is not a kelurahan"),
        (["--from", "2025-13-01"], "--from: '2025-13-01' is not a date"),
        (["--from", "2025-06-01", "--to", "2025-01-01"], "is after --to"),
        (["--as-of", "2025-02-30"], "--as-of: '2025-02-30' is not a date"),
    ])
    func badInput(extra: [String], message: String) throws {
        let cli = try CLI()
        try cli.ok(["init", "--store", cli.path("s"), "--kelurahan", "Manggar"])
        let r = try cli.run(["export", "--store", cli.path("s"), "--format", "csv.gz", "--out", cli.path("o")] + extra)
        #expect(r.status == 2, "\(r)")
        #expect(r.stderr.contains(message), "\(r)")
    }
}
