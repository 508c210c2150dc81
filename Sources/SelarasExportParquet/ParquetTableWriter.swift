import Foundation
import SelarasExport

/// Writes one dataset table as one Parquet file: `PAR1`, the row groups (each column chunk a
/// run of v1 data pages, PLAIN values or, for low-cardinality text, a dictionary page and
/// RLE_DICTIONARY indices; RLE/bit-packed definition levels; GZIP), the Thrift
/// `FileMetaData` footer, its length and `PAR1` again.
///
/// Row groups hold ``rowsPerGroup`` rows and pages ``rowsPerPage`` rows, so the bytes depend
/// only on the rows. Row groups are built in memory on all cores and written in order as each
/// is ready (``Parallel/ordered(_:window:produce:consume:)``): memory stays bounded by cores ×
/// one row group.
public enum ParquetTableWriter {
    /// Rows per row group.
    public static let rowsPerGroup = 131_072
    /// Rows per data page.
    public static let rowsPerPage = 32_768
    /// The writer's name in the footer (fixed: no version or time that would change the bytes).
    public static let createdBy = "selaras version 1.0.0 (build parquet)"

    /// A row group built in memory.
    struct BuiltGroup: Sendable {
        let rows: Int
        let chunks: [ParquetColumnChunkBuilder]
    }

    /// Writes `table` to `path`.
    /// - Parameters:
    ///   - level: zlib level of the pages.
    ///   - progress: called with the rows written so far of this table.
    /// - Throws: ``ExportError``.
    public static func write(_ table: any DatasetTable, to path: String, level: Int32, progress: (Int) -> Void) throws {
        let schema = table.schema
        let kinds = schema.columns.map { ParquetColumnKind($0.kind) }
        let file = try ExportFile(path: path)
        try file.write(Array("PAR1".utf8))
        let rows = table.rowCount
        let groups = (rows + rowsPerGroup - 1) / rowsPerGroup
        let batch = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var rowGroups: [ParquetFileMetaData.RowGroup] = []
        // Row groups are built on all cores and written in order as each is ready (at most
        // `batch` built ahead of the file, so memory stays cores × one row group).
        try Parallel.ordered(groups, window: batch) { k in
            let lo = k * rowsPerGroup
            return try build(table, kinds: kinds, rows: lo..<min(rows, lo + rowsPerGroup), level: level)
        } consume: { k, g in
            let groupStart = Int64(file.count)
            var chunks: [ParquetFileMetaData.ColumnChunk] = []
            var uncompressed: Int64 = 0, compressed: Int64 = 0
            for c in g.chunks {
                let offset = Int64(file.count)
                try file.write(c.bytes)
                // file_offset is deprecated (it once pointed at a copy of the metadata); 0, as pyarrow writes.
                chunks.append(.init(fileOffset: 0, metaData: c.metaData(offset: offset)))
                uncompressed += c.uncompressedSize
                compressed += Int64(c.bytes.count)
            }
            rowGroups.append(.init(columns: chunks, totalByteSize: uncompressed, numRows: Int64(g.rows), fileOffset: groupStart,
                                   totalCompressedSize: compressed, ordinal: Int16(truncatingIfNeeded: rowGroups.count)))
            progress(min(rows, (k + 1) * rowsPerGroup))
        }
        let root = ParquetSchemaElement(name: "schema", repetition: 0, numChildren: Int32(schema.columns.count))
        let footer = ParquetFileMetaData(
            version: 2, schema: [root] + zip(schema.columns, kinds).map { $1.schemaElement(name: $0.name) },
            numRows: Int64(rows), rowGroups: rowGroups, createdBy: createdBy, typeDefinedColumnOrders: schema.columns.count
        ).encoded
        try file.write(footer)
        let n = UInt32(footer.count)
        try file.write([UInt8(n & 0xff), UInt8(n >> 8 & 0xff), UInt8(n >> 16 & 0xff), UInt8(n >> 24)] + Array("PAR1".utf8))
        try file.close()
    }

    /// Builds the column chunks of the rows `range`.
    static func build(_ table: any DatasetTable, kinds: [ParquetColumnKind], rows range: Range<Int>, level: Int32) throws -> BuiltGroup {
        let columns = table.schema.columns
        var builders = zip(columns, kinds).map {
            ParquetColumnChunkBuilder(kind: $1, name: $0.name, table: table.schema.name, level: level)
        }
        var row = range.lowerBound
        try table.forEachRow(in: range) { cells in
            guard cells.count == builders.count else {
                throw ExportError(.io, "table \(table.schema.name), row \(row + 1): \(cells.count) cells for \(builders.count) columns")
            }
            for i in builders.indices { try builders[i].append(cells[i], row: row) }
            row += 1
            if (row - range.lowerBound) % rowsPerPage == 0 {
                for i in builders.indices { try builders[i].closePage() }
            }
        }
        for i in builders.indices {
            try builders[i].closePage()
            try builders[i].finish()
        }
        return BuiltGroup(rows: range.count, chunks: builders)
    }
}
