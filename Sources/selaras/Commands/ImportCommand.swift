import ArgumentParser
import Foundation
import SelarasAnthro
import SelarasEntry
import SelarasLog
import SelarasMerge
import SelarasModel

/// `selaras import FILE.csv --kind children|checks|surveys`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import records from a CSV spreadsheet, all or nothing.", usage: "selaras import [--store <DIR>] [--author <NAME>] <file> --kind <kind>\n        [--skip-invalid] [--report <report>]",
        discussion: HelpText.reflow("""
        The first line names the columns, using the field names of the kind (for checks:
        child_id, measured_on, weight_kg, length_height_cm, position, …; see the add commands'
        --help for every field). Check rows may name the child by child_nik, or by child_name and
        child_born, instead of child_id. Columns may be separated by ',' or ';'; decimals may use
        ',' or '.'.

        Every row is checked first and every bad row reported as FILE:LINE: field: problem.
        Nothing is imported unless every row is valid, or with --skip-invalid, which imports the
        valid rows and lists the lines it skipped. Imported rows are written as one atomic batch:
        if the import is interrupted (killed, power cut), none of them is kept. A file whose
        content was imported before is recognised and changes nothing; a check repeating another
        (same child, date and measurements, in the store or earlier in the file) is reported as a
        possible duplicate and left out.

        --kind eppgbm reads the measurement sheet downloaded from e-PPGBM (.xlsx or .csv) and
        records its children (matched by NIK, then name + birth date + mother, so a newer
        download adds only what is new) and their checks; --report FILE.csv lists the rows whose
        own BB/U, TB/U, BB/TB or z-scores disagree with Selaras's WHO computation.

        Example:
          selaras import posyandu-melati-jan.csv --kind checks
          selaras import eppgbm-maret.xlsx --kind eppgbm --report selisih-maret.csv
        """)
    )
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case children, checks, surveys
        /// An e-PPGBM download (.xlsx or .csv): children and their checks (see ImportCommand+EPPGBM).
        case eppgbm
        var recordKind: RecordKind {
            switch self {
            case .children: .child
            case .checks, .eppgbm: .growthCheck
            case .surveys: .houseSurvey
            }
        }
    }

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var author: AuthorOption
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "What the rows are.") var kind: Kind
    @Flag(help: "Import the valid rows and list the invalid ones instead of importing nothing.")
    var skipInvalid = false
    @Option(help: "With --kind eppgbm: write the selisih report (file statuses that disagree with Selaras's WHO computation) to this CSV.")
    var report: String?

    func run() throws {
        if kind == .eppgbm { return try runEPPGBM() }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError.failure("\(file): cannot be read (does it exist?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError.badInput("\(file): is not UTF-8 text; save it as CSV UTF-8")
        }
        let table = try CSVTable(text: text, fileName: file)
        let store = try storeOptions.open()
        let digest = Store.importDigest(of: data)
        if try store.hasImported(digest) {
            print("\(file): already imported (this store holds a file with the same content, SHA-256 \(digest.prefix(8).map { String(format: "%02x", $0) }.joined())…); nothing changed")
            return
        }
        let entry = try RecordEntry(store: store, author: author.resolve(store), standards: try? GrowthStandards.bundled())
        let bar = ProgressBar("checking rows", enabled: Terminal.stderrIsTerminal && table.rows.count >= 2000)
        let plan = try CSVImport(entry: entry).plan(table, kind: kind.recordKind, fileName: file, progress: bar.update)
        for w in plan.warnings { Terminal.error("selaras: warning: \(w)") }
        if !plan.problems.isEmpty {
            guard skipInvalid else {
                throw CLIError.badInput(plan.problems.joined(separator: "\n")
                    + "\nnothing imported: \(plan.refusedLines.count) of \(plan.rowCount) rows are invalid (fix them, or use --skip-invalid)")
            }
            for p in plan.problems { Terminal.error("selaras: skipped: \(p)") }
        }
        let events = try store.recordImport(plan.drafts, contentDigest: digest)
        var summary = "imported \(events.count) \(kind.rawValue) from \(file)"
        if !plan.duplicateLines.isEmpty {
            summary += "; left out \(plan.duplicateLines.count) possible duplicate checks (lines \(plan.duplicateLines.map(String.init).joined(separator: ", ")))"
        }
        if !plan.refusedLines.isEmpty {
            summary += "; skipped \(plan.refusedLines.count) invalid rows (lines \(plan.refusedLines.map(String.init).joined(separator: ", ")))"
        }
        print(summary)
    }
}
