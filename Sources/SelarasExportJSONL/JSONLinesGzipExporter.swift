import SelarasExport

/// `jsonl.gz`: one gzip file per table, one JSON object per line with the columns in order;
/// numbers as JSON numbers, dates as `YYYY-MM-DD` strings, missing values as `null`.
public struct JSONLinesGzipExporter: Exporter {
    /// `jsonl.gz`.
    public let format = "jsonl.gz"
    /// For `--list`.
    public let summary = "one gzip-compressed JSON Lines file per table: pandas.read_json(lines=True), DuckDB, jq"

    /// Creates the exporter.
    public init() {}

    /// Writes `TABLE.jsonl.gz` for each table.
    public func export(_ dataset: Dataset, to directory: String, progress: ExportProgress) throws -> [String] {
        try GzipTableFiles.write(dataset, to: directory, fileExtension: "jsonl.gz", progress: progress) { schema in
            let keys = schema.columns.map { Array((JSONString.quoted($0.name) + ":").utf8) }
            return .init { row, line in
                line.append(0x7b)
                for (i, cell) in row.enumerated() {
                    if i > 0 { line.append(0x2c) }
                    line.append(contentsOf: keys[i])
                    switch cell {
                    case .null: line.append(contentsOf: "null".utf8)
                    case .integer, .decimal, .boolean: CSVFormat.appendCell(cell, to: &line)
                    case .text, .date: line.append(contentsOf: JSONString.quoted(cell.text).utf8)
                    }
                }
                line.append(0x7d)
                line.append(0x0a)
            }
        }
    }
}
