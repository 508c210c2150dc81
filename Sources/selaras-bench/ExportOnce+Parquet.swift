import Foundation
import SelarasExport
import SelarasExportParquet

extension ExportOnce {
    /// The Parquet export of the same dataset: MB/s (of the same rows' CSV bytes) and size,
    /// against the csv.gz export and against DuckDB writing the same rows to Parquet (GZIP).
    /// Times are build + write, like the csv.gz figure: the dataset built once (`buildSeconds`)
    /// plus each exporter's writing.
    static func parquet(_ dataset: Dataset, out: String, csvMB: Double, csvSeconds: Double, csvBytes: Double, jsonl: String,
                        buildSeconds: Double, python: String?) throws {
        let dir = out + "/parquet"
        // libdeflate level 6 first, for comparison, then the exporter's own level.
        let other = ParquetExporter(level: 6)
        var t = Measure.now()
        _ = try ExportRunner.run(other, dataset: dataset, directory: out + "/parquet-6")
        let otherSeconds = Measure.now() - t + buildSeconds
        let otherBytes = Double(try FileManager.default.contentsOfDirectory(atPath: out + "/parquet-6").filter { $0.hasSuffix(".parquet") }
            .reduce(0) { $0 + Measure.fileSize(out + "/parquet-6/" + $1) })
        t = Measure.now()
        _ = try ExportRunner.run(ParquetExporter(), dataset: dataset, directory: dir)
        let seconds = Measure.now() - t + buildSeconds
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".parquet") }
        let bytes = Double(files.reduce(0) { $0 + Measure.fileSize(dir + "/" + $1) })
        let checksBytes = Double(Measure.fileSize(dir + "/growth_checks.parquet"))
        print("parquet export from the state (GZIP, libdeflate level \(ParquetExporter().level))  \(Measure.fmt(csvMB / seconds, 1)) MB/s of the same CSV  (\(Measure.fmt(seconds, 2)) s: build + write)")
        print("  parquet / csv.gz export time             \(Measure.fmt(csvSeconds / seconds, 2))× as fast")
        print("  size: parquet \(Measure.fmt(bytes / 1_048_576, 1)) MB, csv.gz \(Measure.fmt(csvBytes / 1_048_576, 1)) MB  (parquet/csv.gz \(Measure.fmt(bytes / csvBytes, 2)); target < 1)")
        print("  at libdeflate level 6 instead: \(Measure.fmt(csvMB / otherSeconds, 1)) MB/s (\(Measure.fmt(otherSeconds, 2)) s), \(Measure.fmt(otherBytes / 1_048_576, 1)) MB")
        guard let python else {
            print("DuckDB → Parquet: not available; run with --python PATH to a Python that has `pip install duckdb`")
            return
        }
        // DuckDB end to end (JSON Lines → Parquet), and the COPY alone from a table already in memory.
        let script = """
        import duckdb, time
        src = '\(jsonl)/growth_checks.jsonl'
        t = time.perf_counter()
        duckdb.sql(f"COPY (SELECT * FROM read_json_auto('{src}')) TO '\(dir)/duck.parquet' (FORMAT parquet, COMPRESSION gzip)")
        e2e = time.perf_counter() - t
        con = duckdb.connect()
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_json_auto('{src}')")
        t = time.perf_counter()
        con.execute("COPY t TO '\(dir)/duck2.parquet' (FORMAT parquet, COMPRESSION gzip)")
        print(e2e, time.perf_counter() - t)
        """
        try script.write(toFile: dir + "/duck.py", atomically: true, encoding: .utf8)
        let r = try Measure.shell("'\(python)' '\(dir)/duck.py'")
        let figures = r.output.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        guard r.status == 0, figures.count == 2 else {
            print("DuckDB → Parquet failed (exit \(r.status)): \(r.output.prefix(200))")
            return
        }
        let duckBytes = Double(Measure.fileSize(dir + "/duck.parquet"))
        print("DuckDB, JSON Lines → Parquet (gzip), growth_checks  \(Measure.fmt(figures[0], 2)) s end to end; COPY from memory alone \(Measure.fmt(figures[1], 2)) s")
        print("  parquet export / DuckDB end to end        \(Measure.fmt(figures[0] / seconds, 2))× faster  (target: faster; ours writes all \(dataset.tables.count) tables)")
        print("  growth_checks.parquet \(Measure.fmt(checksBytes / 1_048_576, 1)) MB, DuckDB's \(Measure.fmt(duckBytes / 1_048_576, 1)) MB")
    }
}
