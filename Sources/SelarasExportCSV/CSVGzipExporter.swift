import SelarasExport

/// `csv.gz`: one gzip file per table, UTF-8, RFC 4180, header row first; compressed on all
/// cores into standard gzip files with deterministic bytes.
public struct CSVGzipExporter: Exporter {
    /// `csv.gz`.
    public let format = "csv.gz"
    /// For `--list`.
    public let summary = "one gzip-compressed CSV file per table (RFC 4180, UTF-8): pandas, R, DuckDB, Excel"

    /// Creates the exporter.
    public init() {}

    /// Writes `TABLE.csv.gz` for each table.
    public func export(_ dataset: Dataset, to directory: String, progress: ExportProgress) throws -> [String] {
        let total = dataset.tables.reduce(0) { $0 + $1.rowCount }
        var done = 0
        var names: [String] = []
        for table in dataset.tables {
            let name = table.schema.name + ".csv.gz"
            let gz = try ParallelGzipWriter(file: try ExportFile(path: directory + "/" + name))
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 17)
            CSVFormat.appendRecord(table.schema.columns.map(\.name), to: &buffer)
            try table.forEachRow { row in
                CSVFormat.appendRecord(row, to: &buffer)
                if buffer.count >= 1 << 16 {
                    try buffer.withUnsafeBytes { try gz.write($0) }
                    buffer.removeAll(keepingCapacity: true)
                }
                done += 1
                if done % 10_000 == 0 { progress(done, total) }
            }
            try buffer.withUnsafeBytes { try gz.write($0) }
            try gz.finish()
            names.append(name)
        }
        progress(total, total)
        return names
    }
}
