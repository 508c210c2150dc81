import Foundation
import SelarasExport

/// `zip`: one Frictionless data package, `selaras-datapackage.zip`, holding
/// - `data/TABLE.csv` for each table (RFC 4180, UTF-8, the same bytes as `csv.gz` before gzip),
/// - `datapackage.json` (Frictionless Data Package v1: field types, descriptions, categories),
/// - `codebook.md` (every table and column, with the tier note),
/// - `SHA256SUMS` of those files (`sha256sum -c` after unzipping).
///
/// Rows are streamed to staged files (never a whole table in memory), then zipped with fixed
/// entry dates in sorted order, so the same dataset gives the same archive bytes everywhere.
public struct DataPackageExporter: Exporter {
    /// `zip`.
    public let format = "zip"
    /// For `--list`.
    public let summary = "a Frictionless data package: CSV tables, datapackage.json, codebook.md, SHA256SUMS (frictionless, R, pandas)"
    /// The archive's file name.
    public static let fileName = "selaras-datapackage.zip"

    /// Creates the exporter.
    public init() {}

    /// Writes `selaras-datapackage.zip`.
    public func export(_ dataset: Dataset, to directory: String, progress: ExportProgress) throws -> [String] {
        let staging = try DeterministicZip.makeStagingDirectory(in: directory)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try FileManager.default.createDirectory(atPath: staging + "/data", withIntermediateDirectories: false)

        let total = dataset.tables.reduce(0) { $0 + $1.rowCount }
        var done = 0
        var entries: [String: String] = [:]
        var sums: [String: String] = [:]
        var written: [WrittenTable] = []
        for table in dataset.tables {
            let name = "data/\(table.schema.name).csv"
            let file = try StagedFile(path: staging + "/" + name)
            CSVFormat.appendRecord(table.schema.columns.map(\.name), to: &file.buffer)
            var fields: [String] = []
            var rows = 0
            try table.forEachRow { row in
                fields.removeAll(keepingCapacity: true)
                for cell in row { fields.append(cell.text) }
                CSVFormat.appendRecord(fields, to: &file.buffer)
                try file.flushIfFull()
                rows += 1
                done += 1
                if done % 10_000 == 0 { progress(done, total) }
            }
            let sha = try file.finish()
            entries[name] = file.path
            sums[name] = sha
            written.append(WrittenTable(schema: table.schema, path: name, rows: rows, bytes: file.size, sha256: sha))
        }

        func stage(_ name: String, _ text: String) throws {
            let file = try StagedFile(path: staging + "/" + name)
            file.append(text)
            sums[name] = try file.finish()
            entries[name] = file.path
        }
        try stage("datapackage.json", DataPackageDescriptor.json(written, options: dataset.options))
        try stage("codebook.md", Codebook.markdown(written, options: dataset.options))
        let manifest = sums.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
            .map { "\(sums[$0]!)  \($0)\n" }.joined()
        try stage("SHA256SUMS", manifest)

        try DeterministicZip.write(entries, to: directory + "/" + Self.fileName, staging: staging)
        progress(total, total)
        return [Self.fileName]
    }
}

/// A table as written into the package.
struct WrittenTable {
    let schema: TableSchema
    /// Path inside the package (`data/children.csv`).
    let path: String
    let rows: Int
    let bytes: Int64
    let sha256: String
}

/// What the dataset's filters were, in one line.
func filterLine(_ options: DatasetOptions) -> String {
    options.summary
}
