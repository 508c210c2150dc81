import Foundation
import SelarasExportParquet
import Testing

/// The hand-written Thrift compact encoder: each rule on its own, then whole Parquet structs
/// against the bytes pyarrow wrote for the same metadata (Fixtures/parquet, made by
/// Scripts/make-parquet-fixtures.py).
@Suite("Parquet: Thrift compact protocol")
struct ThriftCompactWriterTests {
    static let varints: [(UInt64, [UInt8])] = [
        (0, [0]), (1, [1]), (127, [0x7f]), (128, [0x80, 0x01]), (300, [0xac, 0x02]), (16_384, [0x80, 0x80, 0x01]),
        (UInt64.max, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
    ]

    @Test("varints: 7 bits a byte, low bits first", arguments: varints)
    func varint(value: UInt64, expected: [UInt8]) {
        var out: [UInt8] = []
        ThriftCompactWriter.appendVarint(value, to: &out)
        #expect(out == expected)
    }

    static let zigzags: [(Int64, UInt64)] = [
        (0, 0), (-1, 1), (1, 2), (-2, 3), (2_147_483_647, 4_294_967_294), (-2_147_483_648, 4_294_967_295),
        (Int64.max, UInt64.max - 1), (Int64.min, UInt64.max),
    ]

    @Test("zigzag maps 0, -1, 1, -2 … to 0, 1, 2, 3 …", arguments: zigzags)
    func zigzag(value: Int64, expected: UInt64) {
        #expect(ThriftCompactWriter.zigzag(value) == expected)
    }

    @Test("field headers: a delta of 1…15 in the high nibble, otherwise the type then the id as a zigzag varint")
    func fieldDeltas() {
        let bytes = ThriftCompactWriter.encode { w in
            w.field(1, i32: 3)     // delta 1: 0x15, zigzag(3) = 6
            w.field(16, i32: -1)   // delta 15: 0xf5, zigzag(-1) = 1
            w.field(40, i64: 1)    // delta 24: long form 0x06, zigzag(40) = 80, value 2
            w.field(2, i32: 0)     // backwards: long form 0x05, zigzag(2) = 4, value 0
            w.field(3, bool: true) // delta 1, true in the type nibble: 0x11
            w.field(4, bool: false)
        }
        #expect(bytes == [0x15, 0x06, 0xf5, 0x01, 0x06, 0x50, 0x02, 0x05, 0x04, 0x00, 0x11, 0x12, 0x00])
    }

    @Test("i8, i16, doubles and binary")
    func primitives() {
        let bytes = ThriftCompactWriter.encode { w in
            w.field(1, i8: -2)
            w.field(2, i16: 300)
            w.field(3, double: 1.5)
            w.field(4, string: "ab")
            w.field(5, binary: [])
        }
        #expect(bytes == [0x13, 0xfe, 0x14, 0xd8, 0x04, 0x17, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0x18, 0x02, 0x61, 0x62, 0x18, 0x00, 0x00])
    }

    @Test("lists: the size in the high nibble below 15, else 0xF_ and a varint size")
    func lists() {
        let short = ThriftCompactWriter.encode { $0.field(1, i32s: [1, -1]) }
        #expect(short == [0x19, 0x25, 0x02, 0x01, 0x00])
        let long = ThriftCompactWriter.encode { $0.field(1, i32s: Array(repeating: 0, count: 15)) }
        #expect(long == [0x19, 0xf5, 0x0f] + Array(repeating: 0, count: 15) + [0x00])
        let strings = ThriftCompactWriter.encode { $0.field(1, strings: ["a", ""]) }
        #expect(strings == [0x19, 0x28, 0x01, 0x61, 0x00, 0x00])
        let empty = ThriftCompactWriter.encode { $0.field(1, i64s: []) }
        #expect(empty == [0x19, 0x06, 0x00])
    }

    @Test("structs: ids counted afresh inside, the outer count resumed after, each ended by a 0 byte")
    func structs() {
        let bytes = ThriftCompactWriter.encode { w in
            w.field(2, i32: 1)
            w.field(3) { inner in inner.field(1, i32: 1) }
            w.field(4, structs: [5, 6]) { s, n in s.field(2, i32: Int32(n)) }
            w.field(5, i32: 1)
        }
        #expect(bytes == [0x25, 0x02, 0x1c, 0x15, 0x02, 0x00, 0x19, 0x2c, 0x25, 0x0a, 0x00, 0x25, 0x0c, 0x00, 0x15, 0x02, 0x00])
        var reader = ThriftCompactReader(bytes)
        #expect(throws: Never.self) { _ = try reader.readStruct() }
        #expect(reader.position == bytes.count)
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "parquet/" + name, withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    /// pyarrow's statistics for one value range: legacy min/max beside min/max for every type but strings.
    static func stats(_ min: [UInt8], _ max: [UInt8], legacy: Bool = true) -> ParquetStatistics {
        ParquetStatistics(legacyMax: legacy ? max : nil, legacyMin: legacy ? min : nil, nullCount: 1, maxValue: max, minValue: min,
                          isMaxExact: true, isMinExact: true)
    }

    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

    @Test("a FileMetaData footer is byte for byte the one pyarrow wrote for the same metadata")
    func footerMatchesPyarrow() throws {
        let expected = try Self.fixture("footer.bin")
        func column(_ type: ParquetSchemaElement.PhysicalType, _ name: String, _ sizes: (Int64, Int64, Int64),
                    _ stats: ParquetStatistics, unencoded: Int64? = nil) -> ParquetFileMetaData.ColumnChunk {
            .init(fileOffset: 0, metaData: ParquetColumnMetaData(
                type: type, encodings: [3, 0], path: [name], codec: 2, numValues: 4, totalUncompressedSize: sizes.0,
                totalCompressedSize: sizes.1, dataPageOffset: sizes.2, statistics: stats,
                encodingStats: [.init(pageType: 0, encoding: 0, count: 1)],
                sizeStatistics: .init(unencodedByteArrayBytes: unencoded, repetitionLevels: [], definitionLevels: [1, 3])))
        }
        let columns = [
            column(.int64, "n", (93, 101, 4), Self.stats(Self.le(Int64(-20)), Self.le(Int64(1) << 40))),
            column(.byteArray, "s", (51, 65, 105), Self.stats(Array("a".utf8), Array("b".utf8), legacy: false), unencoded: 4),
            column(.int32, "d", (65, 83, 170), Self.stats(Self.le(Int32(-1)), Self.le(Int32(20_098)))),
            column(.double, "x", (93, 101, 253), Self.stats(Self.le((-1.25).bitPattern), Self.le(3.0.bitPattern))),
            column(.boolean, "b", (42, 62, 354), Self.stats([0], [1])),
        ]
        let schema = [
            ParquetSchemaElement(name: "schema", repetition: 0, numChildren: 5),
            ParquetSchemaElement(name: "n", type: .int64, repetition: 1),
            ParquetSchemaElement(name: "s", type: .byteArray, repetition: 1, convertedType: 0, logicalType: .string),
            ParquetSchemaElement(name: "d", type: .int32, repetition: 1, convertedType: 6, logicalType: .date),
            ParquetSchemaElement(name: "x", type: .double, repetition: 1),
            ParquetSchemaElement(name: "b", type: .boolean, repetition: 1),
        ]
        let meta = ParquetFileMetaData(
            version: 2, schema: schema, numRows: 4,
            rowGroups: [.init(columns: columns, totalByteSize: 344, numRows: 4, fileOffset: 4, totalCompressedSize: 412, ordinal: nil)],
            createdBy: "parquet-cpp-arrow version 26.0.1", typeDefinedColumnOrders: 5)
        #expect(meta.encoded == expected)
        // And pyarrow's file ends with exactly these bytes, their length and PAR1.
        let file = try Self.fixture("sample.parquet")
        let n = UInt32(expected.count)
        #expect(Array(file.suffix(expected.count + 8)) == expected + Self.le(n) + Array("PAR1".utf8))
    }

    @Test("a v1 data page header is byte for byte pyarrow's")
    func pageHeaderMatchesPyarrow() throws {
        let expected = try Self.fixture("page-header.bin")
        var header = ParquetPageHeader(uncompressedSize: 30, compressedSize: 38, numValues: 4,
                                       statistics: Self.stats(Self.le(Int64(-20)), Self.le(Int64(1) << 40)))
        header.encoding = 0
        let bytes = header.encoded
        #expect(Array(expected.prefix(bytes.count)) == bytes)
        // The page's GZIP member starts right after the header.
        #expect(Array(expected.dropFirst(bytes.count).prefix(2)) == [0x1f, 0x8b])
    }

    @Test("the test's reader reads pyarrow's footer whole: version, rows, created_by")
    func readerReadsPyarrow() throws {
        let footer = try Self.fixture("footer.bin")
        var r = ThriftCompactReader(footer)
        let meta = try r.readStruct()
        #expect(r.position == footer.count)
        #expect(meta[1]?.int == 2 && meta[3]?.int == 4)
        #expect(meta[6]?.binary == Array("parquet-cpp-arrow version 26.0.1".utf8))
    }
}
