import ArgumentParser
import Foundation
import SelarasDashboard
import SelarasExportEPPGBM
import SelarasModel

/// `selaras dashboard`.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Write the office's dashboard for this store as one self-contained HTML page.",
        discussion: HelpText.reflow("""
        All 34 kelurahan, grouped by kecamatan (zero or – where there is no data): events
        waiting, S, D, D/S and stunting prevalence of the month with a 12-month trend; times
        in WITA; the open conflicts and possible duplicates; the export formats. The
        figures are those of the `indicators` export (office tier). Without a hub the page lists
        no enrolled laptops and shows each action as the `selaras` command that does it. The
        page needs no network: no script, font or image is fetched.

        Examples:
          selaras dashboard --store office --out dashboard.html
          selaras dashboard --store office --out nov.html --month 2025-11
        """))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("The HTML file to write.", valueName: "FILE")) var out: String
    @Option(help: ArgumentHelp("The month of the figures, YYYY-MM or MM/YYYY (default: the last complete month in Balikpapan, WITA).", valueName: "MONTH"))
    var month: String?

    func run() throws {
        let m: DashboardMonth
        // MM/YYYY as the office writes it is read by the report's parser (one home), then
        // checked like YYYY-MM (not a month, or not begun yet: one sentence).
        let asked = month.flatMap { text in
            text.contains("/") ? ReportMonth(text).flatMap { DashboardMonth(year: $0.year, month: $0.month) }?.description ?? text : text
        }
        do throws(DashboardMonthError) {
            m = try DashboardMonth.requested(asked, field: "--month")
        } catch {
            throw CLIError.badInput(error.message)
        }
        let store = try storeOptions.open()
        let snapshot: DashboardSnapshot
        snapshot = try DashboardSnapshot(store: store, devices: nil, month: m)
        let page = DashboardPage(options: .init(actionsEnabled: false, storeArgument: storeOptions.store)).render(snapshot)
        do {
            try Data(page.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CLIError.failure("--out: cannot write \(out): \(error.localizedDescription)")
        }
        print("dashboard for \(m) → \(out) (\(snapshot.kelurahan.count) kelurahan, \(snapshot.conflicts.count) open conflicts, "
              + "\(snapshot.duplicates.count) open duplicates)")
    }
}
