import Foundation

/// The loop the text exporters share: one gzip file per table. A table's rows are cut into
/// chunks of a fixed number of rows; each chunk is encoded and deflated on its own, on all
/// cores at once (encoding chunk N+1 while chunk N is being compressed on the other core, as
/// pigz does), and the compressed chunks are written in order into one standard gzip member
/// through ``ParallelGzipWriter``. Chunk boundaries depend only on the row count, so the bytes
/// are the same on every machine.
public enum GzipTableFiles {
    /// Rows encoded and compressed together (about 0.5–1 MB of CSV for `growth_checks`).
    public static let rowsPerChunk = 4096

    /// The zlib level of the text exporters. Level 3, the last of zlib's fast levels (no lazy
    /// matching), rather than gzip's default 6: on the benchmark's CSV the files are about
    /// 10 % larger than `gzip -6`'s (level 1: 22 %, level 2: 15 %) for about 45 % of level 6's
    /// deflate CPU time (level 1: 33 %); see the README ("csv.gz compression level").
    public static let defaultLevel: Int32 = 3

    /// An encoder for one table: bytes before the first row, and how to append one row.
    public struct Encoder: Sendable {
        /// Written before the rows (a CSV header; empty for JSON Lines).
        public let header: [UInt8]
        /// Appends one row's bytes (called from several threads at once, for different chunks).
        public let row: @Sendable ([Cell], inout [UInt8]) -> Void

        /// Creates an encoder.
        public init(header: [UInt8] = [], row: @escaping @Sendable ([Cell], inout [UInt8]) -> Void) {
            self.header = header
            self.row = row
        }
    }

    /// Writes `TABLE.EXTENSION` (gzip) for each table of the dataset.
    /// - Parameters:
    ///   - dataset: the tables.
    ///   - directory: where to write.
    ///   - fileExtension: for example `csv.gz`.
    ///   - level: zlib level (``defaultLevel`` unless a caller needs another).
    ///   - progress: rows written so far, now and then.
    ///   - encoder: the encoder for a table's schema.
    /// - Returns: the file names.
    /// - Complexity: O(rows); memory O(cores × chunk), never a whole table.
    public static func write(_ dataset: Dataset, to directory: String, fileExtension: String, level: Int32 = defaultLevel,
                             progress: ExportProgress, encoder: (TableSchema) -> Encoder) throws -> [String] {
        let total = dataset.tables.reduce(0) { $0 + $1.rowCount }
        var done = 0
        var names: [String] = []
        // Chunks in flight at once: enough to keep every core busy between writes.
        let batch = 4 * max(1, ProcessInfo.processInfo.activeProcessorCount)
        for table in dataset.tables {
            let name = table.schema.name + "." + fileExtension
            let gz = try ParallelGzipWriter(file: try ExportFile(path: directory + "/" + name), level: level)
            let encode = encoder(table.schema)
            let rows = table.rowCount
            let chunks = max(1, (rows + rowsPerChunk - 1) / rowsPerChunk)
            var first = 0
            while first < chunks {
                let n = min(batch, chunks - first)
                let start = first
                let blocks = try Parallel.map(n) { j in
                    let k = start + j
                    var buffer = k == 0 ? encode.header : []
                    buffer.reserveCapacity(rowsPerChunk * 256)
                    table.forEachRow(in: min(rows, k * rowsPerChunk)..<min(rows, (k + 1) * rowsPerChunk)) { encode.row($0, &buffer) }
                    return try buffer.withUnsafeBytes { try ParallelGzipWriter.Block(compressing: $0, level: level) }
                }
                for b in blocks { try gz.append(b) }
                first += n
                done += min(rows, first * rowsPerChunk) - min(rows, start * rowsPerChunk)
                progress(done, total)
            }
            try gz.finish()
            names.append(name)
        }
        progress(total, total)
        return names
    }
}
