import Foundation
import SelarasAnthro
import SelarasEPPGBM
import SelarasEntry
import SelarasLog
import SelarasModel

extension ImportCommand {
    /// `selaras import FILE --kind eppgbm [--report FILE.csv]`: all or nothing, with the
    /// import ledger; the selisih counts on the terminal and every row in the report.
    func runEPPGBM() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError.failure("\(file): cannot be read (does it exist?)")
        }
        let standards = try GrowthStandards.bundled()
        let importer = EPPGBMImport(map: try EPPGBMColumnMap.bundled(), standards: standards)
        let sheet: EPPGBMSheet
        do { sheet = try importer.read(data, path: file) } catch { throw CLIError.badInput(error.description) }
        let store = try storeOptions.open()
        let digest = Store.importDigest(of: data)
        if try store.hasImported(digest) {
            print("\(file): already imported (this store holds a file with the same content); nothing changed")
            return
        }
        let entry = try RecordEntry(store: store, author: author.resolve(store), standards: standards)
        let bar = ProgressBar("checking rows", enabled: Terminal.stderrIsTerminal && sheet.rows.count >= 2000)
        let outcome = importer.plan(sheet, entry: entry, replica: store.replica, vector: store.versionVector, progress: bar.update)
        if !outcome.rows.unknownColumns.isEmpty {
            Terminal.error("selaras: note: \(file): columns not in e-PPGBM's layout (version \(importer.map.version)), left out: \(outcome.rows.unknownColumns.map { "'\($0)'" }.joined(separator: ", "))")
        }
        for w in outcome.plan.warnings { Terminal.error("selaras: warning: \(w)") }
        if let report {
            do { try Data(outcome.selisih.csv().utf8).write(to: URL(fileURLWithPath: report)) } catch {
                throw CLIError.failure("\(report): cannot be written (\(error.localizedDescription))")
            }
        }
        let counts = outcome.selisih.counts(map: importer.map)
        let selisih = counts.isEmpty ? "selisih: none (\(outcome.selisih.rowsCompared) rows agree with Selaras's WHO computation)"
            : "selisih: \(outcome.selisih.findings.count) cells in \(Set(outcome.selisih.findings.map(\.row)).count) of \(outcome.selisih.rowsCompared) rows disagree with Selaras's WHO computation ("
                + counts.map { "\($0.column) \($0.count)" }.joined(separator: ", ") + ")" + (report.map { "; listed in \($0)" } ?? "; list them with --report FILE.csv")
        guard outcome.problems.isEmpty else {
            Terminal.error("selaras: \(selisih)")
            throw CLIError.badInput(outcome.problems.joined(separator: "\n")
                + "\nnothing imported: \(outcome.problems.count) problem\(outcome.problems.count == 1 ? "" : "s") in \(sheet.rows.count) rows")
        }
        try importer.record(outcome, in: store, contentDigest: digest)
        let p = outcome.plan
        var summary = "imported from \(file): \(p.newChildren.count) new children, \(p.newChecks) checks"
        if !p.matchedChildren.isEmpty { summary += "; \(p.matchedChildren.count) children were already in the store" }
        if !p.alreadyStored.isEmpty { summary += "; \(p.alreadyStored.count) checks already in the store were left out" }
        print(summary)
        print(selisih)
    }
}
