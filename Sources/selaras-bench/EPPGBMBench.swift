import ArgumentParser
import Foundation
import SelarasAnthro
import SelarasEntry
import SelarasEPPGBM
import SelarasExport
import SelarasExportEPPGBM
import SelarasLog
import SelarasMerge
import SelarasModel

/// `selaras-bench eppgbm-fixtures --out DIR`: writes the synthetic e-PPGBM download
/// (`download.csv`, `download.xlsx`, `expected.json`) that `Fixtures/eppgbm/` holds.
struct EPPGBMFixtures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eppgbm-fixtures",
        abstract: "Write a synthetic e-PPGBM download (.csv, .xlsx) with every quirk, and what its import must find.")

    @Option(help: "Directory to write into.") var out: String
    @Option(help: "Children.") var children = 24
    @Option(help: "Random seed.") var seed: UInt64 = 2025
    @Option(help: "The download's date (Data Tanggal).") var date = "2025-03-31"

    func run() throws {
        guard let day = LocalDate(date) else { throw ValidationError("--date: '\(date)' is not a date (YYYY-MM-DD)") }
        let d = EPPGBMSyntheticDownload(children: children, seed: seed, dataDate: day,
                                        standards: try GrowthStandards.bundled(), map: try EPPGBMColumnMap.bundled())
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try d.csv().write(to: URL(fileURLWithPath: out + "/download.csv"))
        try d.writeXLSX(to: out + "/download.xlsx")
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try enc.encode(d.expected).write(to: URL(fileURLWithPath: out + "/expected.json"))
        print("wrote \(out)/download.csv, download.xlsx, expected.json: \(d.expected.children.count) children, \(d.rows.count) rows, \(d.expected.selisih.count) altered cells")
    }
}

/// `selaras-bench eppgbm-import --rows N`: generates an e-PPGBM download of about N rows (.xlsx
/// and .csv), imports each into a new store and prints rows/s and the peak memory.
struct EPPGBMImportBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eppgbm-import",
        abstract: "Import a synthetic e-PPGBM download of N rows; print rows/s and the peak memory.")

    @Option(help: "About how many rows.") var rows = 100_000
    @Option(help: "Scratch directory (must not exist).") var dir: String
    @Option(help: "csv or xlsx.") var format = "xlsx"

    func run() throws {
        let map = try EPPGBMColumnMap.bundled()
        let standards = try GrowthStandards.bundled()
        let d = EPPGBMSyntheticDownload(children: max(1, rows / 2), seed: 7, dataDate: LocalDate(year: 2025, month: 3, day: 31)!,
                                        selisihEvery: 50, standards: standards, map: map)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        let path = dir + "/download." + format
        if format == "xlsx" { try d.writeXLSX(to: path) } else { try d.csv().write(to: URL(fileURLWithPath: path)) }
        Measure.resetPeakMemory()
        let t = Measure.now()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let store = try Store.create(at: dir + "/store", kelurahan: Kelurahan(name: "Manggar")!, label: "bench eppgbm")
        let importer = EPPGBMImport(map: map, standards: standards)
        let sheet = try importer.read(data, path: path)
        let tRead = Measure.now() - t
        let entry = RecordEntry(state: try ConsolidatedState(store: store), homeKelurahan: store.metadata.kelurahan,
                                today: LocalDate(year: 2025, month: 4, day: 1)!, author: "bench", standards: standards)
        let outcome = importer.plan(sheet, entry: entry, replica: store.replica, vector: store.versionVector)
        let events = try importer.record(outcome, in: store, contentDigest: Store.importDigest(of: data))
        let seconds = Measure.now() - t
        print("e-PPGBM import (\(format), \(Measure.fmt(Double(data.count) / 1_048_576, 1)) MiB): \(d.rows.count) rows, "
              + "\(outcome.plan.newChildren.count) children + \(outcome.plan.newChecks) checks = \(events.count) events in \(Measure.fmt(seconds, 2)) s "
              + "(read \(Measure.fmt(tRead, 2)) s): \(Measure.fmt(Double(d.rows.count) / seconds, 0)) rows/s, "
              + "peak memory \(Measure.fmt(Measure.peakMemoryMiB(), 1)) MiB; selisih \(outcome.selisih.findings.count) cells")
    }
}

/// `selaras-bench eppgbm-export --checks N --month M`: a store of N growth checks (the export
/// benchmark's data), then the `eppgbm` workbook of one month: time and peak memory per phase.
struct EPPGBMExportBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eppgbm-export",
        abstract: "Export one month of a store of N checks as the e-PPGBM workbook; print the time and the peak memory.")

    @Option(help: "Growth checks in the store.") var checks = 1_000_000
    @Option(help: "The month exported.") var month = "2023-06"
    @Option(help: "Working directory (must not exist; removed afterwards unless given).") var dir: String?

    func run() throws {
        guard let m = ReportMonth(month) else { throw ValidationError("--month: '\(month)' is not YYYY-MM") }
        let base = dir ?? NSTemporaryDirectory() + "selaras-eppgbm-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: false)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: base) } }
        let store = try Store.create(at: base + "/office", kelurahan: Kelurahan(name: "Manggar")!, label: "bench")
        var made = 0
        var k: UInt16 = 1
        while made < checks {
            let n = min(checks - made, 50_000)
            try ExportBench.record(into: store, checks: n, kelurahan: k, offset: made)
            made += n
            k = k % 34 + 1
        }
        Measure.resetPeakMemory()
        let t0 = Measure.now()
        let state = try ConsolidatedState(store: store)
        let t1 = Measure.now()
        var options = DatasetOptions(pseudonymKey: store.derivedSecret(label: "pseudonyms"))
        options.tier = .office
        let dataset = Dataset(state: state, standards: try GrowthStandards.bundled(), options: options)
        let t2 = Measure.now()
        let exporter = EPPGBMExporter(month: m)
        try FileManager.default.createDirectory(atPath: base + "/out", withIntermediateDirectories: false)
        _ = try exporter.export(dataset, to: base + "/out", progress: .none)
        let t3 = Measure.now()
        let rows = MonthlyRecords(dataset, month: m, posyandu: nil).checks.count
        print("e-PPGBM export of \(m) from a store of \(checks) checks (\(state.eventCount) events): fold \(Measure.fmt(t1 - t0, 2)) s, "
              + "dataset \(Measure.fmt(t2 - t1, 2)) s, workbook \(Measure.fmt(t3 - t2, 2)) s (\(rows) Pengukuran rows, "
              + "\(Measure.fileSize(base + "/out/" + exporter.fileName)) bytes); peak memory \(Measure.fmt(Measure.peakMemoryMiB(), 1)) MiB")
    }
}
