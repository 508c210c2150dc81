import Foundation

/// The loop the text exporters share: one gzip file per table. A table's rows are cut into
/// chunks of a fixed number of rows; each chunk is encoded and deflated on its own, on all
/// cores at once (``Parallel/ordered(_:window:produce:consume:)``: a core starts the next
/// chunk while the other finishes its own, as pigz does), and the compressed chunks are
/// written in order into one standard gzip member through ``ParallelGzipWriter``. Chunk boundaries depend only on the row count, so the bytes
/// are the same on every machine.
public enum GzipTableFiles {
    /// Rows encoded and compressed together (about 0.5–1 MB of CSV for `growth_checks`).
    public static let rowsPerChunk = 4096

    /// The text exporters' level: libdeflate's level 2 (``BlockDeflater``). On the benchmark's
    /// CSV, deflated in 1 MiB pieces on one core, libdeflate level 2 gave 3.17:1 at 42.8 MB/s
    /// where zlib level 3 (the level before) gave 3.06:1 at 19.3 MB/s and `gzip -6` gives
    /// 3.40:1: files about 7 % larger than `gzip -6`'s (the bound is 15 %) for less than half of
    /// zlib's deflate time. libdeflate level 1 is faster still (74 MB/s) but its 3.02:1 sits
    /// within 3 % of the bound. See the README ("csv.gz compression level").
    public static let defaultLevel: Int32 = 2

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
    ///   - level: libdeflate level 0…12 (``defaultLevel`` unless a caller needs another).
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
            // Chunks flow through an ordered pipeline: each core encodes and deflates the next
            // chunk while the finished ones are appended in order (no barrier per batch).
            try Parallel.ordered(chunks, window: batch) { k in
                var buffer = k == 0 ? encode.header : []
                buffer.reserveCapacity(rowsPerChunk * 256)
                table.forEachRow(in: min(rows, k * rowsPerChunk)..<min(rows, (k + 1) * rowsPerChunk)) { encode.row($0, &buffer) }
                return try buffer.withUnsafeBytes { try ParallelGzipWriter.Block(compressing: $0, level: level) }
            } consume: { k, block in
                try gz.append(block)
                done += min(rows, (k + 1) * rowsPerChunk) - min(rows, k * rowsPerChunk)
                progress(done, total)
            }
            try gz.finish()
            names.append(name)
        }
        progress(total, total)
        return names
    }
}
