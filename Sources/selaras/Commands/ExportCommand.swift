import ArgumentParser
import Foundation
import SelarasAnthro
import SelarasExport
import SelarasExporters
import SelarasMerge
import SelarasModel

/// `selaras export`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the consolidated datasets (children, growth checks with WHO z-scores, house surveys, conflicts, indicators).", usage: "selaras export [--store <DIR>] [--format <FORMAT>] [--out <DIR>]\n        [--tier <tier>] [--kelurahan <NAME>] [--from <DATE>]\n        [--to <DATE>] [--as-of <DATE>] [--pseudonym-key <FILE>]\n        [--list] [--month <MONTH>] [--posyandu <NAME>]",
        discussion: HelpText.reflow("""
        Tiers: --tier analyst (the default) pseudonymises: ids become keyed hashes, and names,
        NIK, family card, phone, street address, RT/RW, GPS, birth dates and ages in days are
        left out; no date is finer than its month (age in calendar months, measurement and
        survey dates as the first of their month); income is a band; indicator counts of 1–2
        are suppressed. --tier office keeps everything, for the health office only.

        --as-of DATE is the date the children's ages are counted to (default: today in
        Balikpapan); it is never taken from recorded times, and the same events with the same
        --as-of give the same bytes.

        The pseudonym key is the office's secret: --pseudonym-key FILE (at least 32 bytes, raw
        or hex). Without it this store's own key is used, so pseudonyms then differ between
        laptops. The same key and the same events give the same bytes on every replica.

        Every export ends with SHA256SUMS for its files.

        Examples:
          selaras export --list
          selaras export --format csv.gz --out exports/analyst --pseudonym-key office.key
          selaras export --format xlsx --out exports/office --tier office --kelurahan Manggar \\
              --from 2025-01-01 --to 2025-06-30 --as-of 2025-06-30
        """))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("The format (see --list).", valueName: "FORMAT")) var format: String?
    @Option(help: ArgumentHelp("The directory to write into.", valueName: "DIR")) var out: String?
    @Option(help: "office (identified) or analyst (pseudonymised).") var tier: String = "analyst"
    @Option(help: ArgumentHelp("Only this kelurahan.", valueName: "NAME")) var kelurahan: String?
    @Option(help: ArgumentHelp("Only measurements and surveys from this date.", valueName: "DATE")) var from: String?
    @Option(help: ArgumentHelp("Only measurements and surveys up to this date.", valueName: "DATE")) var to: String?
    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("The date children's ages are counted to (default: today in Balikpapan).", valueName: "DATE"))
    var asOf: String?
    @Option(name: .customLong("pseudonym-key"), help: ArgumentHelp("The office's pseudonym key file.", valueName: "FILE"))
    var pseudonymKey: String?
    @Flag(help: "List the formats.") var list = false
    @Option(help: ArgumentHelp("With --format eppgbm: only this month (YYYY-MM or MM/YYYY).", valueName: "MONTH")) var month: String?
    @Option(help: ArgumentHelp("With --format eppgbm: only this posyandu.", valueName: "NAME")) var posyandu: String?

    func run() throws {
        if list {
            for e in ExporterRegistry.all { print("\(e.format.padding(toLength: 10, withPad: " ", startingAt: 0)) \(e.summary)") }
            return
        }
        guard let format, let out else { throw CLIError.badInput("give --format FORMAT and --out DIR (or --list)") }
        guard var exporter = ExporterRegistry.exporter(for: format) else {
            let formats = ExporterRegistry.all.map(\.format)
            throw CLIError.badInput("--format: '\(format)' is not a format\(DidYouMean.hint(format, among: formats)) (allowed: \(formats.joined(separator: ", ")))")
        }
        if month != nil || posyandu != nil { exporter = try eppgbmExporter(exporter) }
        guard let t = ExportTier(rawValue: tier) else { throw CLIError.badInput("--tier: '\(tier)' is not a tier; allowed: office, analyst") }
        var kel: Kelurahan? = nil
        if let kelurahan {
            kel = try Kelurahan.argument(kelurahan)
        }
        func date(_ s: String?, _ flag: String) throws -> LocalDate? {
            guard let s else { return nil }
            guard let d = LocalDate(dayFirst: s) else { throw CLIError.badInput("--\(flag): '\(s)' is not a date dd/mm/yyyy or YYYY-MM-DD") }
            return d
        }
        let fromDate = try date(from, "from"), toDate = try date(to, "to")
        if let f = fromDate, let t = toDate, f > t { throw CLIError.badInput("--from \(f) is after --to \(t)") }
        let asOfDate = try date(asOf, "as-of") ?? LocalDate.today()
        let store = try storeOptions.open()
        let key = try pseudonymKey.map(Self.readKey) ?? store.derivedSecret(label: "pseudonyms")
        var options = DatasetOptions(pseudonymKey: key, asOf: asOfDate)
        options.tier = t
        options.kelurahan = kel
        options.from = fromDate
        options.to = toDate
        let state = try ConsolidatedState(store: store)
        let dataset = Dataset(state: state, standards: try GrowthStandards.bundled(), options: options)
        let bar = ProgressBar("exporting \(exporter.format)")
        nonisolated(unsafe) let progressBar = bar
        let files = try ExportRunner.run(exporter, dataset: dataset, directory: out, progress: ExportProgress { progressBar.update($0, $1) })
        print("\(exporter.format), \(t.rawValue) tier, as of \(asOfDate) → \(out)")
        for f in files { print("  \(f.name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(f.bytes) bytes") }
        print("  rows: " + dataset.tables.map { "\($0.schema.name) \($0.rowCount)" }.joined(separator: ", "))
    }

    /// Reads a key file: hex (64+ hex digits, whitespace ignored) or ≥ 32 raw bytes.
    static func readKey(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.failure("--pseudonym-key: \(path) cannot be read") }
        let bytes = Array(data)
        let text = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
        if text.count >= 64, text.count % 2 == 0, text.allSatisfy(\.isHexDigit) {
            var out: [UInt8] = []
            var i = text.startIndex
            while i < text.endIndex {
                let j = text.index(i, offsetBy: 2)
                out.append(UInt8(text[i..<j], radix: 16)!)
                i = j
            }
            return out
        }
        guard bytes.count >= 32 else {
            throw CLIError.badInput("--pseudonym-key: \(path) holds \(bytes.count) bytes; a key needs at least 32 secret bytes (or 64 hex digits)")
        }
        return bytes
    }
}
