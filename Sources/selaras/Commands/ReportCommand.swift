import ArgumentParser
import Foundation
import SelarasAnthro
import SelarasExport
import SelarasExportEPPGBM
import SelarasMerge
import SelarasModel
import SelarasReport

/// `selaras report --month M [--kelurahan K | --posyandu P] --out FILE.html`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the printable monthly report: an A4 landscape page per posyandu.", usage: "selaras report [--store <DIR>] --month <MONTH> [--kelurahan <NAME>]\n        [--posyandu <NAME>] --out <FILE>",
        discussion: HelpText.reflow("""
        Each page: the posyandu's SKDN (S, K, D, N, T, O, B, BGM, 2T, K/S, D/S, N/D), the
        nutritional status counts of the month, the children with T, 2T or BGM to follow up and
        the 12-month trend. The figures are those of `selaras export --format eppgbm`. Print it
        from a browser, or: chromium --headless --print-to-pdf=laporan.pdf laporan.html

        Examples:
          selaras report --store office --month 2025-03 --out laporan-maret.html
          selaras report --store office --month 03/2025 --posyandu "Posyandu Melati 1" --out melati.html
        """))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("The month (YYYY-MM or MM/YYYY).", valueName: "MONTH")) var month: String
    @Option(help: ArgumentHelp("Only this kelurahan.", valueName: "NAME")) var kelurahan: String?
    @Option(help: ArgumentHelp("Only this posyandu.", valueName: "NAME")) var posyandu: String?
    @Option(help: ArgumentHelp("The HTML file to write.", valueName: "FILE")) var out: String

    func run() throws {
        guard let m = ReportMonth(month) else { throw CLIError.badInput("--month: '\(month)' is not a month; allowed: YYYY-MM or MM/YYYY") }
        if kelurahan != nil && posyandu != nil { throw CLIError.badInput("give --kelurahan or --posyandu, not both") }
        var kel: Kelurahan? = nil
        if let kelurahan {
            kel = try Kelurahan.argument(kelurahan)
        }
        let store = try storeOptions.open()
        let report = MonthlyReport(state: try ConsolidatedState(store: store), standards: try GrowthStandards.bundled(),
                                   pseudonymKey: store.derivedSecret(label: "pseudonyms"), month: m, kelurahan: kel, posyandu: posyandu)
        let page: String
        do { page = try report.html() } catch { throw CLIError.failure("\(error)") }
        do { try Data(page.utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
            throw CLIError.failure("--out: cannot write \(out): \(error.localizedDescription)")
        }
        print("report for \(m) → \(out) (\(report.pages.count) posyandu page\(report.pages.count == 1 ? "" : "s"))")
    }
}
