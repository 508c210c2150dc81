/// A Parquet file's footer, `FileMetaData`: version, schema, row count, row groups, the
/// writer's name and the columns' sort orders.
public struct ParquetFileMetaData: Sendable, Hashable {
    /// A `RowGroup`: its column chunks and sizes.
    public struct RowGroup: Sendable, Hashable {
        /// One chunk per column, in schema order.
        public var columns: [ColumnChunk]
        /// Uncompressed bytes of the group's column data.
        public var totalByteSize: Int64
        /// Rows.
        public var numRows: Int64
        /// File offset of the group's first page.
        public var fileOffset: Int64?
        /// Compressed bytes of the group.
        public var totalCompressedSize: Int64?
        /// The group's position in the file.
        public var ordinal: Int16?
        /// Creates a row group.
        public init(columns: [ColumnChunk], totalByteSize: Int64, numRows: Int64, fileOffset: Int64?,
                    totalCompressedSize: Int64?, ordinal: Int16?) {
            self.columns = columns
            self.totalByteSize = totalByteSize
            self.numRows = numRows
            self.fileOffset = fileOffset
            self.totalCompressedSize = totalCompressedSize
            self.ordinal = ordinal
        }
    }

    /// A `ColumnChunk`: where the chunk is and its metadata.
    public struct ColumnChunk: Sendable, Hashable {
        /// The chunk's offset (deprecated by the format; writers put 0 or the chunk's start).
        public var fileOffset: Int64
        /// The metadata.
        public var metaData: ParquetColumnMetaData
        /// Creates a chunk.
        public init(fileOffset: Int64, metaData: ParquetColumnMetaData) {
            self.fileOffset = fileOffset
            self.metaData = metaData
        }
    }

    /// Format version (2: logical types).
    public var version: Int32
    /// The root element then one leaf per column.
    public var schema: [ParquetSchemaElement]
    /// Rows in the file.
    public var numRows: Int64
    /// Row groups in file order.
    public var rowGroups: [RowGroup]
    /// The writer, `NAME version X (build Y)`.
    public var createdBy: String?
    /// Each column's sort order for statistics (nil: not written); every column here uses
    /// the type-defined order.
    public var typeDefinedColumnOrders: Int?

    /// Creates a footer.
    public init(version: Int32, schema: [ParquetSchemaElement], numRows: Int64, rowGroups: [RowGroup], createdBy: String?,
                typeDefinedColumnOrders: Int?) {
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
        self.createdBy = createdBy
        self.typeDefinedColumnOrders = typeDefinedColumnOrders
    }

    /// The footer's bytes.
    public var encoded: [UInt8] {
        ThriftCompactWriter.encode { w in
            w.field(1, i32: version)
            w.field(2, structs: schema) { s, e in e.write(to: &s) }
            w.field(3, i64: numRows)
            w.field(4, structs: rowGroups) { g, r in
                g.field(1, structs: r.columns) { c, chunk in
                    c.field(2, i64: chunk.fileOffset)
                    c.field(3) { chunk.metaData.write(to: &$0) }
                }
                g.field(2, i64: r.totalByteSize)
                g.field(3, i64: r.numRows)
                if let o = r.fileOffset { g.field(5, i64: o) }
                if let t = r.totalCompressedSize { g.field(6, i64: t) }
                if let n = r.ordinal { g.field(7, i16: n) }
            }
            if let createdBy { w.field(6, string: createdBy) }
            if let n = typeDefinedColumnOrders {
                w.field(7, structs: Array(repeating: 0, count: n)) { o, _ in o.field(1) { _ in } }
            }
        }
    }
}
