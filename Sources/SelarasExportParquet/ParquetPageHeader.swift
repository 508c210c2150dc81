/// A v1 data page's `PageHeader` (with its `DataPageHeader`), written before the page's
/// compressed bytes.
public struct ParquetPageHeader: Sendable, Hashable {
    /// Page bytes before compression (levels and values).
    public var uncompressedSize: Int32
    /// Page bytes as stored.
    public var compressedSize: Int32
    /// Values in the page, nulls included.
    public var numValues: Int32
    /// The values' encoding (PLAIN 0).
    public var encoding: Int32 = ParquetEncoding.plain
    /// The definition levels' encoding (RLE 3).
    public var definitionLevelEncoding: Int32 = ParquetEncoding.rle
    /// The repetition levels' encoding (RLE 3; a flat table has none).
    public var repetitionLevelEncoding: Int32 = ParquetEncoding.rle
    /// The page's statistics.
    public var statistics: ParquetStatistics?

    /// Creates a header.
    public init(uncompressedSize: Int32, compressedSize: Int32, numValues: Int32, statistics: ParquetStatistics?) {
        self.uncompressedSize = uncompressedSize
        self.compressedSize = compressedSize
        self.numValues = numValues
        self.statistics = statistics
    }

    /// The header's bytes.
    public var encoded: [UInt8] {
        ThriftCompactWriter.encode { w in
            w.field(1, i32: 0) // DATA_PAGE
            w.field(2, i32: uncompressedSize)
            w.field(3, i32: compressedSize)
            w.field(5) { d in
                d.field(1, i32: numValues)
                d.field(2, i32: encoding)
                d.field(3, i32: definitionLevelEncoding)
                d.field(4, i32: repetitionLevelEncoding)
                if let statistics { d.field(5) { statistics.write(to: &$0) } }
            }
        }
    }
}

/// Parquet's `Encoding` and `CompressionCodec` numbers this writer uses.
public enum ParquetEncoding {
    /// PLAIN.
    public static let plain: Int32 = 0
    /// The RLE / bit-packing hybrid.
    public static let rle: Int32 = 3
    /// The GZIP codec.
    public static let gzip: Int32 = 2
}
