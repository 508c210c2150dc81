import ArgumentParser
import Crypto
import Foundation
import SelarasAnthro
import SelarasExport
import SelarasExportCSV
import SelarasExportJSONL
import SelarasLog
import SelarasMerge
import SelarasModel

private typealias C = FieldKey.Child
private typealias G = FieldKey.GrowthCheck

/// `selaras-bench export`: 1,000,000 growth checks to csv.gz against gzip -6 and DuckDB.
struct ExportBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export 1,000,000 growth checks to csv.gz: MB/s vs gzip -6 on the same CSV, vs DuckDB (JSON Lines → csv.gz), peak memory; then to Parquet vs csv.gz and vs DuckDB → Parquet.")

    @Option(help: "Growth checks.") var checks = 1_000_000
    @Option(help: "Python with the duckdb package (e.g. a venv's bin/python).") var python = "python3"
    @Option(help: "Working directory (default: a temporary one, removed afterwards).") var dir: String?
    @Option(help: "Paired runs of the whole `selaras export` process against gzip -6.") var runs = 5

    func run() throws {
        // Absolute, so the shell steps (which `cd` into the export) find the files again: a
        // relative --dir used to print 0.0 MB/s.
        let base = Measure.absolutePath(dir ?? NSTemporaryDirectory() + "selaras-export-bench-\(getpid())")
        try? FileManager.default.removeItem(atPath: base)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: base) } }
        print("selaras-bench export — \(checks) growth checks, working in \(base)")

        // A store with realistic children and checks (one stream per kelurahan of one origin).
        let store = try Store.create(at: base + "/office", kelurahan: Kelurahan(name: "Manggar")!, label: "bench")
        var made = 0
        var k: UInt16 = 1
        while made < checks {
            let n = min(checks - made, 50_000)
            try ExportBench.record(into: store, checks: n, kelurahan: k, offset: made)
            made += n
            k = k % 34 + 1
        }
        store.close()
        let me = Measure.selfPath
        let out = try Measure.shell("'\(me)' export-once --store '\(base)/office' --out '\(base)/csv' --python '\(python)'")
        print(out.output.trimmingCharacters(in: .whitespacesAndNewlines))
        try ExportBench.wholeProcess(store: base + "/office", base: base, runs: runs)
    }

    /// Children, then their monthly checks with plausible measurements, recorded in one batch each.
    static func record(into store: Store, checks count: Int, kelurahan: UInt16, offset: Int) throws {
        var rng = SeededRandomBench(seed: UInt64(offset) &+ 7)
        let childCount = max(1, count / 10)
        let children = try store.record((0..<childCount).map { i in
            .create(.child, FieldMap([(C.name, .text("Anak \(offset + i)")), (C.sex, .text(i % 2 == 0 ? "L" : "P")),
                                      (C.born, .date(LocalDate(daysSinceEpoch: 19_000 + Int32(i % 1400)))),
                                      (C.mother, .text("Ibu \(i % 97)")), (C.kelurahan, .text(Kelurahan(code: kelurahan)!.name)),
                                      (C.posyandu, .text("Melati \(i % 5)"))]),
                    kelurahanCode: kelurahan, author: "Bu Sulastri", recordedAt: 1_735_000_000_000)
        }, durability: .batch)
        let drafts: [EventDraft] = (0..<count).map { i in
            let slot = i % childCount
            let born = 19_000 + Int32(slot % 1400)
            let age = 30 + (i / childCount) * 30 + Int(rng.next() % 20)
            let months = Double(age) / 30.4375
            let length = 49.0 + 2.2 * months - 0.018 * months * months + Double(rng.next() % 40) / 10 - 2
            let weight = 3.3 + 0.45 * months - 0.003 * months * months + Double(rng.next() % 20) / 10 - 1
            return .create(.growthCheck, FieldMap([
                (G.child, .reference(children[slot].entity)),
                (G.measuredOn, .date(LocalDate(daysSinceEpoch: born + Int32(age)))), (G.weight, .number(Int64(weight * G.weight.spec.type.fixedPointDivisor))),
                (G.lengthHeight, .number(Int64(length * G.lengthHeight.spec.type.fixedPointDivisor))), (G.position, .text(age < 731 ? "lying" : "standing")),
                (G.muac, .number(Int64(140 + rng.next() % 30))), (G.cadre, .text("Bu Sulastri")), (G.posyandu, .text("Melati \(slot % 5)")),
            ]), kelurahanCode: kelurahan, author: "Bu Sulastri", recordedAt: 1_735_000_000_000)
        }
        try store.record(drafts, durability: .batch)
    }
}

/// A tiny deterministic generator for benchmark data.
struct SeededRandomBench {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        return z ^ (z >> 27)
    }
}

/// `selaras-bench export-once`: exports a store to csv.gz once, with baselines.
struct ExportOnce: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export-once", abstract: "Time one csv.gz export and its baselines.")
    @Option var store: String
    @Option var out: String
    @Option var python = "python3"

    func run() throws {
        let out = Measure.absolutePath(out)
        let s = try Store.open(at: store)
        let t0 = Measure.now()
        let state = try ConsolidatedState(store: s)
        let t1 = Measure.now()
        // The state's share of memory: the peak while folding, and what stays resident.
        let foldPeak = Measure.peakMemoryMiB()
        let stateResident = Measure.residentMemoryMiB()
        // Then the peak of each phase (when the kernel lets the peak be reset; else cumulative).
        let phases = Measure.resetPeakMemory()
        var options = DatasetOptions(pseudonymKey: s.derivedSecret(label: "pseudonyms"))
        options.tier = .analyst
        let dataset = Dataset(state: state, standards: try GrowthStandards.bundled(), options: options)
        let t2 = Measure.now()
        let buildPeak = Measure.peakMemoryMiB()
        let datasetResident = Measure.residentMemoryMiB()
        if phases { Measure.resetPeakMemory() }
        _ = try ExportRunner.run(CSVGzipExporter(), dataset: dataset, directory: out)
        let t3 = Measure.now()
        let writePeak = Measure.peakMemoryMiB()
        let peak = max(foldPeak, buildPeak, writePeak)
        let rows = dataset.table("growth_checks")!.rowCount
        // The CSV bytes produced, uncompressed, for the baselines.
        _ = try Measure.shell("cd '\(out)' && for f in *.csv.gz; do gzip -dc \"$f\"; done > '\(out)/all.csv'")
        let csvBytes = Double(Measure.fileSize(out + "/all.csv"))
        let ourBytes = Double(try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".csv.gz") }
            .reduce(0) { $0 + Measure.fileSize(out + "/" + $1) })
        let mb = csvBytes / 1_048_576
        var t = Measure.now()
        _ = try Measure.shell("gzip -6 -c '\(out)/all.csv' > '\(out)/all.csv.gz'")
        let gzipSeconds = Measure.now() - t
        let gzipBytes = Double(Measure.fileSize(out + "/all.csv.gz"))
        let exportSeconds = t3 - t1
        print("")
        print("fold the store (\(state.eventCount) events)          \(Measure.fmt(t1 - t0, 2)) s")
        print("build the dataset (checks in id order, growth, indicators)  \(Measure.fmt(t2 - t1, 2)) s")
        print("write the csv.gz files (rows with z-scores, deflate)  \(Measure.fmt(t3 - t2, 2)) s")
        print("csv.gz export from the state, \(rows) growth checks (\(Measure.fmt(mb, 1)) MB of CSV)   \(Measure.fmt(mb / exportSeconds, 1)) MB/s  (\(Measure.fmt(exportSeconds, 2)) s: build + write)")
        print("gzip -6, the same CSV bytes                \(Measure.fmt(mb / gzipSeconds, 1)) MB/s  (\(Measure.fmt(gzipSeconds, 2)) s)")
        print("  export / gzip -6                         \(Measure.fmt(gzipSeconds / exportSeconds, 2))×  (target ≥ 1.5×)")
        print("  compression: ours (libdeflate level \(GzipTableFiles.defaultLevel)) \(Measure.fmt(csvBytes / ourBytes, 2)):1 (\(Measure.fmt(ourBytes / 1_048_576, 1)) MB), gzip -6 \(Measure.fmt(csvBytes / gzipBytes, 2)):1 (\(Measure.fmt(gzipBytes / 1_048_576, 1)) MB)")
        // DuckDB: JSON Lines (our jsonl export, uncompressed) → csv.gz.
        let jsonl = out + "/jsonl"
        _ = try ExportRunner.run(JSONLinesGzipExporter(), dataset: dataset, directory: jsonl)
        _ = try Measure.shell("gzip -dc '\(jsonl)/growth_checks.jsonl.gz' > '\(jsonl)/growth_checks.jsonl'")
        let probe = try Measure.shell("'\(python)' -c 'import duckdb' 2>/dev/null && echo yes")
        if probe.output.contains("yes") {
            t = Measure.now()
            let r = try Measure.shell("'\(python)' -c \"import duckdb; duckdb.sql(\\\"COPY (SELECT * FROM read_json_auto('\(jsonl)/growth_checks.jsonl')) TO '\(jsonl)/duck.csv.gz' (HEADER, COMPRESSION gzip)\\\")\"")
            let duckSeconds = Measure.now() - t
            print("DuckDB, JSON Lines → csv.gz, same rows     \(Measure.fmt(duckSeconds, 2)) s\(r.status == 0 ? "" : " (failed: exit \(r.status))")")
            print("  export / DuckDB                          \(Measure.fmt(duckSeconds / exportSeconds, 2))× faster  (target: faster)")
        } else {
            print("DuckDB: not available to \(python); run with --python PATH to a Python that has `pip install duckdb`")
        }
        try ExportOnce.parquet(dataset, out: out, csvMB: mb, csvSeconds: exportSeconds, csvBytes: ourBytes, jsonl: jsonl,
                               buildSeconds: t2 - t1,
                               python: probe.output.contains("yes") ? python : nil)
        try ExportOnce.xlsx(dataset, out: out, buildSeconds: t2 - t1)
        print("peak memory (fold + dataset + export)      \(Measure.fmt(peak, 1)) MiB  (target ≤ 300 MB)")
        print("  the folded state: peak while folding \(Measure.fmt(foldPeak, 1)) MiB, resident after \(Measure.fmt(stateResident, 1)) MiB")
        print("  the export's own share (peak − state resident)  \(Measure.fmt(peak - stateResident, 1)) MiB")
        if phases {
            print("  building the dataset: peak \(Measure.fmt(buildPeak, 1)) MiB, resident after \(Measure.fmt(datasetResident, 1)) MiB (+\(Measure.fmt(datasetResident - stateResident, 1)) MiB: rows, order, children)")
            print("  writing the files: peak \(Measure.fmt(writePeak, 1)) MiB (+\(Measure.fmt(writePeak - datasetResident, 1)) MiB over the dataset: chunks in flight)")
        } else {
            print("  (peaks per phase not shown: /proc/self/clear_refs is not writable here)")
        }
    }
}
