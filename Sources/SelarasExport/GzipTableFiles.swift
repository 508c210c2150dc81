/// The loop the text exporters share: one gzip file per table, rows encoded into a buffer
/// and compressed on all cores through ``ParallelGzipWriter``, with progress.
public enum GzipTableFiles {
    /// An encoder for one table: bytes before the first row, and how to append one row.
    public struct Encoder {
        /// Written before the rows (a CSV header; empty for JSON Lines).
        public let header: [UInt8]
        /// Appends one row's bytes.
        public let row: ([Cell], inout [UInt8]) -> Void

        /// Creates an encoder.
        public init(header: [UInt8] = [], row: @escaping ([Cell], inout [UInt8]) -> Void) {
            self.header = header
            self.row = row
        }
    }

    /// Writes `TABLE.EXTENSION` (gzip) for each table of the dataset.
    /// - Parameters:
    ///   - dataset: the tables.
    ///   - directory: where to write.
    ///   - fileExtension: for example `csv.gz`.
    ///   - progress: rows written so far, now and then.
    ///   - encoder: the encoder for a table's schema.
    /// - Returns: the file names.
    public static func write(_ dataset: Dataset, to directory: String, fileExtension: String, progress: ExportProgress,
                             encoder: (TableSchema) -> Encoder) throws -> [String] {
        let total = dataset.tables.reduce(0) { $0 + $1.rowCount }
        var done = 0
        var names: [String] = []
        for table in dataset.tables {
            let name = table.schema.name + "." + fileExtension
            let gz = try ParallelGzipWriter(file: try ExportFile(path: directory + "/" + name))
            let encode = encoder(table.schema)
            var buffer = encode.header
            buffer.reserveCapacity(1 << 17)
            try table.forEachRow { row in
                encode.row(row, &buffer)
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
