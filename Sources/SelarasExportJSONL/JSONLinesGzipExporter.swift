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
        let total = dataset.tables.reduce(0) { $0 + $1.rowCount }
        var done = 0
        var names: [String] = []
        for table in dataset.tables {
            let name = table.schema.name + ".jsonl.gz"
            let gz = try ParallelGzipWriter(file: try ExportFile(path: directory + "/" + name))
            let keys = table.schema.columns.map { JSONString.quoted($0.name) + ":" }
            var line: [UInt8] = []
            line.reserveCapacity(1 << 17)
            try table.forEachRow { row in
                line.append(0x7b)
                for (i, cell) in row.enumerated() {
                    if i > 0 { line.append(0x2c) }
                    line.append(contentsOf: keys[i].utf8)
                    switch cell {
                    case .null: line.append(contentsOf: "null".utf8)
                    case .integer, .decimal: line.append(contentsOf: cell.text.utf8)
                    case .boolean(let b): line.append(contentsOf: (b ? "1" : "0").utf8)
                    case .text, .date: line.append(contentsOf: JSONString.quoted(cell.text).utf8)
                    }
                }
                line.append(0x7d)
                line.append(0x0a)
                if line.count >= 1 << 16 {
                    try line.withUnsafeBytes { try gz.write($0) }
                    line.removeAll(keepingCapacity: true)
                }
                done += 1
                if done % 10_000 == 0 { progress(done, total) }
            }
            try line.withUnsafeBytes { try gz.write($0) }
            try gz.finish()
            names.append(name)
        }
        progress(total, total)
        return names
    }
}
