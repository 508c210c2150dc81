import Foundation
import SelarasExport
@testable import SelarasExportParquet
import SelarasModel
import SelarasTestSupport
import Testing

/// Low-cardinality text is dictionary-encoded (a dictionary page, RLE_DICTIONARY indices);
/// a chunk that meets too many distinct texts goes on in PLAIN. Read back by the test-side
/// reader, written from the format's description.
@Suite("Parquet dictionary encoding")
struct ParquetDictionaryTests {
    @Test("the RLE / bit-packing hybrid reads back as written at every width",
          arguments: [1, 2, 3, 5, 8, 12, 13, 16, 17, 31, 32])
    func hybrid(width: Int) throws {
        var rng = SeededRandom(seed: UInt64(width) * 7919)
        let top = width == 32 ? UInt32.max : UInt32(1) << UInt32(width) - 1
        var values: [UInt32] = []
        while values.count < 5000 {
            // Runs of 1–20 equal values, some at the width's largest value.
            let v = Bool.random(using: &rng) ? top : UInt32.random(in: 0...top, using: &rng)
            values += Array(repeating: v, count: Int.random(in: 1...20, using: &rng))
        }
        var encoded: [UInt8] = []
        RLEHybrid.encode(values, width: width, to: &encoded)
        #expect(try ParquetTestFile.decodeHybrid(encoded, width: width, count: values.count).map { UInt32($0) } == values)
    }

    @Test("hybrid: exact bytes of an RLE run and a bit-packed group")
    func hybridBytes() {
        var out: [UInt8] = []
        RLEHybrid.encode(Array(repeating: 300, count: 10), width: 9, to: &out)
        #expect(out == [20, 0x2c, 0x01])
        out = []
        // 0…7 at width 3: one group, 3 bytes: 0b10_001_000, 0b1_100_011_0, 0b111_110_1.
        RLEHybrid.encode(Array(UInt32(0)...7), width: 3, to: &out)
        #expect(out == [3, 0x88, 0xc6, 0xfa])
        #expect(RLEHybrid.bitWidth(0) == 1 && RLEHybrid.bitWidth(1) == 1 && RLEHybrid.bitWidth(33) == 6)
    }

    /// `kel`: 34 names (dictionary throughout); `id`: a new text every row (PLAIN from the
    /// first page); `mixed`: few texts in the first page, then a new one every row (dictionary,
    /// then PLAIN); nulls every 5th row in `kel` and `mixed`.
    static func table(rows: Int) -> ComputedTable {
        let schema = TableSchema(name: "d", description: "", columns: [Column("kel", .string, ""), Column("id", .string, ""), Column("mixed", .string, "")])
        return ComputedTable(schema: schema, rowCount: rows) { i, cells in
            cells.append(i % 5 == 4 ? .null : .text("Kelurahan \(i * 7 % 34)"))
            cells.append(.text("id-\(i)"))
            cells.append(i % 5 == 4 ? .null : .text(i < ParquetTableWriter.rowsPerPage ? "m\(i % 3)" : "u\(i)"))
        }
    }

    @Test("a dictionary page in front of RLE_DICTIONARY pages; PLAIN once a chunk has too many texts; values and statistics as written")
    func chunks() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let rows = 2 * ParquetTableWriter.rowsPerPage + 11
        let table = Self.table(rows: rows)
        try ParquetTableWriter.write(table, to: dir.child("d.parquet"), level: 1) { _ in }
        let file = try ParquetTestFile(path: dir.child("d.parquet"))
        var expected: [[ParquetTestFile.Value?]] = []
        table.forEachRow { row in
            expected.append(row.map { cell -> ParquetTestFile.Value? in
                if case .text(let s) = cell { return .bytes(Array(s.utf8)) }
                return nil
            })
        }
        for c in 0..<3 { #expect(file.columns[c] == expected.map { $0[c] }, "\(file.names[c])") }
        let chunks = try #require(file.meta[4]?.list?.first?[1]?.list)
        // (page type, data page encoding) per page.
        func pages(_ c: Int) -> [String] {
            file.pageHeaders[c].map { h in h[1]?.int == 2 ? "dict" : (h[5]?[2]?.int == 8 ? "rle_dict" : "plain") }
        }
        #expect(pages(0) == ["dict", "rle_dict", "rle_dict", "rle_dict"])
        #expect(pages(1) == ["plain", "plain", "plain"])
        #expect(pages(2) == ["dict", "rle_dict", "plain", "plain"])
        // Metadata: the dictionary page's offset, the data pages' after it, the encodings used.
        for (c, withDictionary) in [(0, true), (1, false), (2, true)] {
            let cm = try #require(chunks[c][3])
            #expect((cm[11] != nil) == withDictionary, "dictionary_page_offset of \(file.names[c])")
            if let d = cm[11]?.int { #expect(try #require(cm[9]?.int) > d) }
            let encodings = (cm[2]?.list ?? []).compactMap(\.int)
            #expect(encodings.contains(8) == withDictionary && encodings.contains(2) == withDictionary)
            #expect(encodings.contains(0) == (c != 0), "PLAIN listed for \(file.names[c])")
            // Statistics: min and max of the texts, nulls counted.
            let stats = try #require(cm[12])
            let texts = expected.compactMap { $0[c] }.map { v -> [UInt8] in if case .bytes(let b) = v { return b }; return [] }
            let sorted = texts.sorted { $0.lexicographicallyPrecedes($1) }
            #expect(stats[6]?.binary == sorted.first && stats[5]?.binary == sorted.last, "min/max of \(file.names[c])")
            #expect(stats[3]?.int == Int64(rows - texts.count))
        }
        // Most of `kel`'s bytes are gone: its chunk is far smaller than `id`'s.
        #expect(try #require(chunks[0][3]?[7]?.int) * 4 < (try #require(chunks[1][3]?[7]?.int)))
    }

    /// `z`: z-scores of 2 decimals (about 1,200 values: a dictionary); `n`: a new integer every
    /// row (PLAIN); `d`: the first of a month (few dates: a dictionary); `w`: weights of one
    /// decimal, few in the first page, then a new one every row (dictionary, then PLAIN);
    /// `b`: booleans (never a dictionary); nulls every 7th row in `z`, `d` and `b`.
    static func numbers(rows: Int) -> ComputedTable {
        let schema = TableSchema(name: "n", description: "", columns: [
            Column("z", .number, ""), Column("n", .integer, ""), Column("d", .date, ""), Column("w", .number, ""), Column("b", .boolean, ""),
        ])
        return ComputedTable(schema: schema, rowCount: rows) { i, cells in
            cells.append(i % 7 == 6 ? .null : .decimal(Double(i * 37 % 1201 - 600) / 100, decimals: 2))
            cells.append(.integer(Int64(i) * 1_000_003 - 5_000_000))
            cells.append(i % 7 == 6 ? .null : .date(LocalDate(year: 2020 + i % 5, month: 1 + i % 12, day: 1)!))
            cells.append(.decimal(i < ParquetTableWriter.rowsPerPage ? Double(30 + i % 50) / 10 : 1_000 + Double(i) / 10, decimals: 1))
            cells.append(i % 7 == 6 ? .null : .boolean(i % 3 == 0))
        }
    }

    @Test("numbers and dates of few values are dictionary-encoded too (DOUBLE, INT64, DATE); values, statistics and page encodings as written")
    func numberChunks() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let rows = 2 * ParquetTableWriter.rowsPerPage + 11
        let table = Self.numbers(rows: rows)
        try ParquetTableWriter.write(table, to: dir.child("n.parquet"), level: 1) { _ in }
        let file = try ParquetTestFile(path: dir.child("n.parquet"))
        var expected: [[ParquetTestFile.Value?]] = []
        table.forEachRow { row in
            expected.append(row.map { cell -> ParquetTestFile.Value? in
                switch cell {
                case .decimal(let x, let d): return .double(ParquetColumnChunkBuilder.shown(x, decimals: d))
                case .integer(let n): return .i64(n)
                case .date(let day): return .i32(day.daysSinceEpoch)
                case .boolean(let b): return .bool(b)
                default: return nil
                }
            })
        }
        for c in 0..<5 { #expect(file.columns[c] == expected.map { $0[c] }, "\(file.names[c])") }
        func pages(_ c: Int) -> [String] {
            file.pageHeaders[c].map { h in h[1]?.int == 2 ? "dict" : (h[5]?[2]?.int == 8 ? "rle_dict" : "plain") }
        }
        #expect(pages(0) == ["dict", "rle_dict", "rle_dict", "rle_dict"])
        #expect(pages(1) == ["plain", "plain", "plain"])
        #expect(pages(2) == ["dict", "rle_dict", "rle_dict", "rle_dict"])
        #expect(pages(3) == ["dict", "rle_dict", "plain", "plain"])
        #expect(pages(4) == ["plain", "plain", "plain"])
        // Statistics: PLAIN min and max in the type's order, nulls counted.
        let chunks = try #require(file.meta[4]?.list?.first?[1]?.list)
        func le(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }
        for c in 0..<4 {
            let stats = try #require(chunks[c][3]?[12])
            let present = expected.compactMap { $0[c] }
            let (low, high): ([UInt8], [UInt8])
            switch present.first {
            case .double?:
                let xs = present.map { v -> Double in if case .double(let x) = v { return x }; return .nan }
                (low, high) = (le(xs.min()!.bitPattern, 8), le(xs.max()!.bitPattern, 8))
            case .i64?:
                let ns = present.map { v -> Int64 in if case .i64(let n) = v { return n }; return 0 }
                (low, high) = (le(UInt64(bitPattern: ns.min()!), 8), le(UInt64(bitPattern: ns.max()!), 8))
            default:
                let ds = present.map { v -> Int32 in if case .i32(let n) = v { return n }; return 0 }
                (low, high) = (le(UInt64(UInt32(bitPattern: ds.min()!)), 4), le(UInt64(UInt32(bitPattern: ds.max()!)), 4))
            }
            #expect(stats[6]?.binary == low && stats[5]?.binary == high, "min/max of \(file.names[c])")
            #expect(stats[3]?.int == Int64(rows - present.count), "nulls of \(file.names[c])")
        }
        // The z-scores' chunk is far smaller than the unique integers' (both 8-byte values).
        #expect(try #require(chunks[0][3]?[7]?.int) * 3 < (try #require(chunks[1][3]?[7]?.int)))
    }
}
