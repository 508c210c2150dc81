import Foundation
import SelarasTestSupport
import Testing

/// A typing slip in a kelurahan, a field flag or a command gets one sentence naming the
/// value and the nearest right one; dates and months may be typed day first.
@Suite("CLI: did you mean, and day-first dates")
struct DidYouMeanTests {
    @Test("a misspelt kelurahan is refused naming the nearest", arguments: [
        (["init", "--store", "lapx", "--kelurahan", "Mangar"], "'Mangar' is not a kelurahan of Balikpapan; did you mean Manggar?"),
        (["init", "--store", "lapx", "--kelurahan", "gunung samarinda baruu"], "did you mean Gunung Samarinda Baru?"),
        (["export", "--store", "lap1", "--format", "csv.gz", "--out", "x", "--kelurahan", "Lamru"], "'Lamru' is not a kelurahan of Balikpapan; did you mean Lamaru?"),
        (["report", "--store", "lap1", "--month", "01/2025", "--out", "x.html", "--kelurahan", "Sepinggn"], "did you mean Sepinggan?"),
    ])
    func kelurahan(arguments: [String], message: String) throws {
        let cli = try CLI()
        try cli.ok(["init", "--store", cli.path("lap1"), "--kelurahan", "Manggar"])
        let r = try cli.run(arguments.map { $0 == "lap1" || $0 == "lapx" ? cli.path($0) : $0 })
        #expect(r.status == 2, "\(r)")
        #expect(r.stderr.contains(message), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("lapx")), "nothing created")
    }

    @Test("a kelurahan far from every name gets no guess")
    func farKelurahan() throws {
        let cli = try CLI()
        let r = try cli.run(["init", "--store", cli.path("lapx"), "--kelurahan", "Jakarta"])
        #expect(r.status == 2, "\(r)")
        #expect(r.stderr.contains("'Jakarta' is not a kelurahan of Balikpapan"), "\(r)")
        #expect(!r.stderr.contains("did you mean"), "\(r)")
    }

    @Test("a misspelt field flag is refused naming the nearest flag, and nothing is written", arguments: [
        ("--wieght", "--wieght: is not a field of a check; did you mean --weight?"),
        ("--lenght", "--lenght: is not a field of a check; did you mean --length?"),
        ("--weight_kgg", "--weight_kgg: is not a field of a check; did you mean --weight?"),
        ("--zzzz", "--zzzz: is not a field of a check; the fields are listed by --help"),
    ])
    func fieldFlag(flag: String, message: String) throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        let r = try cli.run(["check", "add", "--store", store, "--child", child, "--date", "15/01/2025", flag, "8.4"])
        #expect(r.status == 2, "\(r)")
        #expect(r.stderr.contains(message), "\(r)")
        #expect(try cli.eventCount(store) == 1)
    }

    @Test("a format typed without its .gz is answered with the format")
    func format() throws {
        let cli = try CLI()
        let (store, _) = try cli.storeWithChild()
        let r = try cli.run(["export", "--store", store, "--format", "csv", "--out", cli.path("x")])
        #expect(r.status == 2, "\(r)")
        #expect(r.stderr.contains("--format: 'csv' is not a format; did you mean csv.gz?"), "\(r)")
    }

    @Test("a misspelt command is answered with the nearest command")
    func command() throws {
        let cli = try CLI()
        let r = try cli.run(["stauts"])
        #expect(r.status == 2, "\(r)")
        #expect(r.stderr.contains("did you mean 'selaras status'?"), "\(r)")
        let sub = try cli.run(["chekc", "add"])
        #expect(sub.status == 2, "\(sub)")
        #expect(sub.stderr.contains("did you mean 'selaras check'?"), "\(sub)")
        let deeper = try cli.run(["child", "fnid", "siti"])
        #expect(deeper.stderr.contains("did you mean 'selaras child find'?"), "\(deeper)")
    }

    @Test("export --from/--to/--as-of take dd/mm/yyyy as well as ISO, with the same result")
    func exportDates() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        try cli.ok(["check", "add", "--store", store, "--child", child, "--date", "15/01/2025", "--weight", "8.4"])
        try cli.ok(["check", "add", "--store", store, "--child", child, "--date", "15/03/2025", "--weight", "8.9"])
        let iso = try cli.ok(["export", "--store", store, "--format", "csv.gz", "--out", cli.path("iso"),
                              "--from", "2025-02-01", "--to", "2025-12-31", "--as-of", "2025-12-31"])
        let dayFirst = try cli.ok(["export", "--store", store, "--format", "csv.gz", "--out", cli.path("dd"),
                                   "--from", "01/02/2025", "--to", "31/12/2025", "--as-of", "31/12/2025"])
        #expect(iso.stdoutLines.last == dayFirst.stdoutLines.last, "same rows: \(iso) \(dayFirst)")
        let bad = try cli.run(["export", "--store", store, "--format", "csv.gz", "--out", cli.path("bad"), "--from", "31/02/2025"])
        #expect(bad.status == 2, "\(bad)")
        #expect(bad.stderr.contains("--from: '31/02/2025' is not a date dd/mm/yyyy or YYYY-MM-DD"), "\(bad)")
    }

    @Test("dashboard --month takes MM/YYYY as well as YYYY-MM")
    func dashboardMonth() throws {
        let cli = try CLI()
        let (store, _) = try cli.storeWithChild()
        let a = try cli.ok(["dashboard", "--store", store, "--out", cli.path("a.html"), "--month", "2025-11"])
        let b = try cli.ok(["dashboard", "--store", store, "--out", cli.path("b.html"), "--month", "11/2025"])
        #expect(a.stdout.hasPrefix("dashboard for 2025-11"), "\(a)")
        #expect(b.stdout.hasPrefix("dashboard for 2025-11"), "\(b)")
    }
}
