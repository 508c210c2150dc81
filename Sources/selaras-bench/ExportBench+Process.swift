import Foundation

extension ExportBench {
    /// The csv.gz export as a user meets it: the whole `selaras export --format csv.gz` process
    /// (open the store, fold, build the dataset, write the files and `SHA256SUMS`) against
    /// `gzip -6` on the same CSV bytes, in `runs` paired runs (export, then gzip, each pair in
    /// turn); prints the median of the per-pair ratios, the sizes and the export's peak memory.
    /// - Parameters:
    ///   - store: the benchmark store.
    ///   - base: a working directory (files are written under `base/process`).
    ///   - runs: paired runs.
    static func wholeProcess(store: String, base: String, runs: Int) throws {
        let selaras = URL(fileURLWithPath: Measure.selfPath).deletingLastPathComponent().appendingPathComponent("selaras").path
        guard FileManager.default.isExecutableFile(atPath: selaras) else {
            print("whole process: no `selaras` beside this program (\(selaras)); build it too: swift build -c release --product selaras")
            return
        }
        let dir = base + "/process"
        let out = dir + "/export"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let export = [selaras, "export", "--store", store, "--format", "csv.gz", "--out", out, "--as-of", "2026-12-01"]
        let gzip = ["/bin/sh", "-c", "exec gzip -6 -c '\(dir)/all.csv' > '\(dir)/all.csv.gz'"]
        // A first run (not timed): the CSV bytes for gzip, and the page cache warm for both.
        try? FileManager.default.removeItem(atPath: out)
        let first = try Measure.runChild(export)
        guard first.status == 0 else { throw BenchError("selaras export exited with status \(first.status)") }
        let unpack = try Measure.shell("cd '\(out)' && for f in *.csv.gz; do gzip -dc \"$f\" || exit 1; done > '\(dir)/all.csv'")
        guard unpack.status == 0 else { throw BenchError("cannot decompress the export's csv.gz files in \(out)") }
        let csvMB = Double(Measure.fileSize(dir + "/all.csv")) / 1_048_576
        var ratios: [Double] = [], ours: [Double] = [], theirs: [Double] = []
        var peak = first.peakMiB
        for _ in 0..<runs {
            try? FileManager.default.removeItem(atPath: out)
            let e = try Measure.runChild(export)
            guard e.status == 0 else { throw BenchError("selaras export exited with status \(e.status)") }
            let g = try Measure.runChild(gzip)
            guard g.status == 0 else { throw BenchError("gzip -6 exited with status \(g.status)") }
            ratios.append(g.seconds / e.seconds)
            ours.append(e.seconds)
            theirs.append(g.seconds)
            peak = max(peak, e.peakMiB)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".csv.gz") }
        let ourMB = Double(files.reduce(0) { $0 + Measure.fileSize(out + "/" + $1) }) / 1_048_576
        let gzipMB = Double(Measure.fileSize(dir + "/all.csv.gz")) / 1_048_576
        func median(_ xs: [Double]) -> Double {
            let s = xs.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        print("whole process: `selaras export --format csv.gz` (open, fold, build, write), \(Measure.fmt(csvMB, 1)) MB of CSV, \(runs) paired runs")
        // The machine's load beside the figures: a loaded machine takes the second core from the
        // export first (gzip uses one), so the ratio is only comparable at similar loads.
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        print("  load average after the runs (1, 5, 15 min): \(load) on \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("  selaras export                           \(Measure.fmt(median(ours), 2)) s median  (runs: \(ours.map { Measure.fmt($0, 2) }.joined(separator: ", ")))")
        print("  gzip -6, the same CSV bytes              \(Measure.fmt(median(theirs), 2)) s median  (runs: \(theirs.map { Measure.fmt($0, 2) }.joined(separator: ", ")))")
        print("  gzip -6 / export, median of the pairs    \(Measure.fmt(median(ratios), 2))×  (pairs: \(ratios.map { Measure.fmt($0, 2) }.joined(separator: ", ")); target ≥ 1.5×)")
        print("  size: ours \(Measure.fmt(ourMB, 1)) MB, gzip -6 \(Measure.fmt(gzipMB, 1)) MB  (ours/gzip -6 \(Measure.fmt(ourMB / gzipMB, 3)); target ≤ 1.15)")
        print("  peak memory of the export process        \(Measure.fmt(peak, 1)) MiB  (target ≤ 300 MB = 286 MiB)")
    }
}
