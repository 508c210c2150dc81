import SelarasExport

/// `parquet`: one Apache Parquet file per table, typed (NIK and phone numbers as strings,
/// dates as DATE, z-scores as doubles, flags as booleans), GZIP-compressed, with statistics;
/// what pandas, DuckDB, R (arrow) and Spark read natively.
public struct ParquetExporter: Exporter {
    /// `parquet`.
    public let format = "parquet"
    /// For `--list`.
    public let summary = "one Apache Parquet file per table (typed columns, GZIP): pandas.read_parquet, DuckDB, R arrow, Spark"
    /// The libdeflate level of the pages.
    public let level: Int32

    /// The pages' default level: libdeflate's 1, its fastest. Pages are columnar and mostly
    /// dictionary indices, so they compress well at any level; the text exporters use
    /// ``GzipTableFiles/defaultLevel``.
    public static let defaultLevel: Int32 = 1

    /// Creates the exporter.
    /// - Parameter level: libdeflate level of the pages (0…12) (``defaultLevel`` unless a caller needs another).
    public init(level: Int32 = ParquetExporter.defaultLevel) { self.level = level }

    /// Writes `TABLE.parquet` for each table.
    public func export(_ dataset: Dataset, to directory: String, progress: ExportProgress) throws -> [String] {
        let total = dataset.tables.reduce(0) { $0 + $1.rowCount }
        var done = 0
        var names: [String] = []
        for table in dataset.tables {
            let name = table.schema.name + ".parquet"
            let before = done
            try ParquetTableWriter.write(table, to: directory + "/" + name, level: level) { progress(before + $0, total) }
            done += table.rowCount
            names.append(name)
        }
        progress(total, total)
        return names
    }
}
