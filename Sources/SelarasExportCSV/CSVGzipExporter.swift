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
        try GzipTableFiles.write(dataset, to: directory, fileExtension: "csv.gz", progress: progress) { schema in
            var header: [UInt8] = []
            CSVFormat.appendRecord(schema.columns.map(\.name), to: &header)
            return .init(header: header) { row, out in CSVFormat.appendRecord(row, to: &out) }
        }
    }
}
