/// A column chunk's `ColumnMetaData`: type, encodings, codec, sizes, where its first data
/// page starts, and its statistics.
public struct ParquetColumnMetaData: Sendable, Hashable {
    /// One `PageEncodingStats` entry: how many pages of a type use an encoding.
    public struct EncodingCount: Sendable, Hashable {
        /// DATA_PAGE 0, DICTIONARY_PAGE 2.
        public var pageType: Int32
        /// The encoding.
        public var encoding: Int32
        /// Pages.
        public var count: Int32
        /// Creates an entry.
        public init(pageType: Int32, encoding: Int32, count: Int32) {
            self.pageType = pageType
            self.encoding = encoding
            self.count = count
        }
    }

    /// `SizeStatistics` (what pyarrow adds; this writer leaves it out).
    public struct SizeStatistics: Sendable, Hashable {
        /// Bytes of byte-array data before encoding.
        public var unencodedByteArrayBytes: Int64?
        /// Repetition-level histogram.
        public var repetitionLevels: [Int64]
        /// Definition-level histogram.
        public var definitionLevels: [Int64]
        /// Creates size statistics.
        public init(unencodedByteArrayBytes: Int64?, repetitionLevels: [Int64], definitionLevels: [Int64]) {
            self.unencodedByteArrayBytes = unencodedByteArrayBytes
            self.repetitionLevels = repetitionLevels
            self.definitionLevels = definitionLevels
        }
    }

    /// Physical type.
    public var type: ParquetSchemaElement.PhysicalType
    /// Encodings used in the chunk.
    public var encodings: [Int32]
    /// The column's path (one name for a flat table).
    public var path: [String]
    /// Compression codec.
    public var codec: Int32
    /// Values, nulls included.
    public var numValues: Int64
    /// Bytes before compression, page headers included.
    public var totalUncompressedSize: Int64
    /// Bytes as stored, page headers included.
    public var totalCompressedSize: Int64
    /// File offset of the first data page.
    public var dataPageOffset: Int64
    /// File offset of the dictionary page (before the data pages), if the chunk has one.
    public var dictionaryPageOffset: Int64?
    /// Statistics.
    public var statistics: ParquetStatistics?
    /// Pages per type and encoding.
    public var encodingStats: [EncodingCount]?
    /// Size statistics.
    public var sizeStatistics: SizeStatistics?

    /// Creates metadata.
    public init(type: ParquetSchemaElement.PhysicalType, encodings: [Int32], path: [String], codec: Int32, numValues: Int64,
                totalUncompressedSize: Int64, totalCompressedSize: Int64, dataPageOffset: Int64,
                statistics: ParquetStatistics?, encodingStats: [EncodingCount]?, sizeStatistics: SizeStatistics? = nil,
                dictionaryPageOffset: Int64? = nil) {
        self.type = type
        self.encodings = encodings
        self.path = path
        self.codec = codec
        self.numValues = numValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
        self.statistics = statistics
        self.encodingStats = encodingStats
        self.sizeStatistics = sizeStatistics
        self.dictionaryPageOffset = dictionaryPageOffset
    }

    /// Writes the struct's fields.
    public func write(to w: inout ThriftCompactWriter) {
        w.field(1, i32: type.rawValue)
        w.field(2, i32s: encodings)
        w.field(3, strings: path)
        w.field(4, i32: codec)
        w.field(5, i64: numValues)
        w.field(6, i64: totalUncompressedSize)
        w.field(7, i64: totalCompressedSize)
        w.field(9, i64: dataPageOffset)
        if let dictionaryPageOffset { w.field(11, i64: dictionaryPageOffset) }
        if let statistics { w.field(12) { statistics.write(to: &$0) } }
        if let encodingStats {
            w.field(13, structs: encodingStats) { s, e in
                s.field(1, i32: e.pageType)
                s.field(2, i32: e.encoding)
                s.field(3, i32: e.count)
            }
        }
        if let sizeStatistics {
            w.field(16) { s in
                if let n = sizeStatistics.unencodedByteArrayBytes { s.field(1, i64: n) }
                s.field(2, i64s: sizeStatistics.repetitionLevels)
                s.field(3, i64s: sizeStatistics.definitionLevels)
            }
        }
    }
}
