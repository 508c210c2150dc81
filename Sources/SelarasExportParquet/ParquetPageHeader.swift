/// A v1 data page's `PageHeader` (with its `DataPageHeader`), or a dictionary page's (with its
/// `DictionaryPageHeader`), written before the page's compressed bytes.
public struct ParquetPageHeader: Sendable, Hashable {
    /// DATA_PAGE 0 or DICTIONARY_PAGE 2.
    public var type: Int32 = ParquetPageHeader.dataPage
    /// Page bytes before compression (levels and values).
    public var uncompressedSize: Int32
    /// Page bytes as stored.
    public var compressedSize: Int32
    /// Values in the page, nulls included.
    public var numValues: Int32
    /// The values' encoding (PLAIN 0, RLE_DICTIONARY 8; a dictionary page's PLAIN_DICTIONARY 2).
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

    /// DATA_PAGE.
    public static let dataPage: Int32 = 0
    /// DICTIONARY_PAGE.
    public static let dictionaryPage: Int32 = 2

    /// A dictionary page's header: `count` PLAIN entries (encoding PLAIN_DICTIONARY, which
    /// readers of every format version take for a dictionary page).
    public static func dictionary(uncompressedSize: Int32, compressedSize: Int32, count: Int32) -> ParquetPageHeader {
        var h = ParquetPageHeader(uncompressedSize: uncompressedSize, compressedSize: compressedSize, numValues: count, statistics: nil)
        h.type = dictionaryPage
        h.encoding = ParquetEncoding.plainDictionary
        return h
    }

    /// The header's bytes.
    public var encoded: [UInt8] {
        ThriftCompactWriter.encode { w in
            w.field(1, i32: type)
            w.field(2, i32: uncompressedSize)
            w.field(3, i32: compressedSize)
            if type == Self.dictionaryPage {
                w.field(7) { d in
                    d.field(1, i32: numValues)
                    d.field(2, i32: encoding)
                }
                return
            }
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
    /// PLAIN_DICTIONARY: a dictionary page's entries (PLAIN values).
    public static let plainDictionary: Int32 = 2
    /// RLE_DICTIONARY: a data page's dictionary indices (bit width byte, then the RLE / bit-packing hybrid).
    public static let rleDictionary: Int32 = 8
    /// The RLE / bit-packing hybrid.
    public static let rle: Int32 = 3
    /// The GZIP codec.
    public static let gzip: Int32 = 2
}
