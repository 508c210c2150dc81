import Foundation
import SelarasExport
import SelarasExporters
@testable import SelarasExportParquet
import SelarasModel
import SelarasTestSupport
import Testing

/// The Parquet exporter: every value read back equals the dataset's cell (as the CSV shows
/// it), types follow the schema, statistics are right, bytes repeat whatever the merge order.
@Suite("Export: Parquet")
struct ParquetExporterTests {
    /// What a cell becomes in Parquet.
    static func expected(_ cell: Cell) -> ParquetTestFile.Value? {
        switch cell {
        case .null: nil
        case .text(let s): .bytes(Array(s.utf8))
        case .integer(let n): .i64(n)
        case .decimal(let x, let d): .double(Double(Cell.format(x, decimals: d))!)
        case .date(let d): .i32(d.daysSinceEpoch)
        case .boolean(let b): .bool(b)
        }
    }

    /// Every table of `dataset` read back from `directory` equals its rows.
    static func expectSameRows(_ dataset: Dataset, in directory: String) throws {
        for table in dataset.tables {
            let file = try ParquetTestFile(path: directory + "/" + table.schema.name + ".parquet")
            #expect(file.names == table.schema.columns.map(\.name), "\(table.schema.name)")
            #expect(file.meta[3]?.int == Int64(table.rowCount))
            var rows: [[ParquetTestFile.Value?]] = []
            table.forEachRow { rows.append($0.map(expected)) }
            for c in table.schema.columns.indices {
                #expect(file.columns[c] == rows.map { $0[c] }, "\(table.schema.name).\(table.schema.columns[c].name)")
            }
        }
    }

    @Test("both tiers: one file per table plus SHA256SUMS, every value as the CSV shows it, same bytes whatever the merge order",
          arguments: [ExportTier.office, .analyst])
    func deterministicAndExact(tier: ExportTier) throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let fixture = Fixture()
        let exporter = try #require(ExporterRegistry.exporter(for: "parquet"))
        let a = try ExportRunner.run(exporter, dataset: try fixture.dataset(tier), directory: dir.child("a"))
        let b = try ExportRunner.run(exporter, dataset: try fixture.dataset(tier, reversed: true), directory: dir.child("b"))
        #expect(a.map(\.name) == ["children.parquet", "conflicts.parquet", "growth_checks.parquet", "house_surveys.parquet",
                                  "indicators.parquet", "SHA256SUMS"])
        #expect(a == b)
        for f in a {
            #expect(try bytes(dir.child("a/" + f.name)) == bytes(dir.child("b/" + f.name)), "\(f.name)")
        }
        let dataset = try fixture.dataset(tier)
        try Self.expectSameRows(dataset, in: dir.child("a"))
        let children = try ParquetTestFile(path: dir.child("a/children.parquet"))
        #expect(children.meta[6]?.binary == Array(ParquetTableWriter.createdBy.utf8))
        let values = children.columns.flatMap { $0 }
        if tier == .analyst {
            #expect(!children.names.contains("nik"))
            #expect(!values.contains(.bytes(Array(Fixture.nik.utf8))))
        } else {
            // NIK is a string column (BYTE_ARRAY, logical STRING), its value intact.
            let i = try #require(children.names.firstIndex(of: "nik"))
            let leaf = try #require(children.meta[2]?.list?[i + 1])
            #expect(leaf[1]?.int == 6 && leaf[10]?[1] != nil)
            #expect(children.columns[i].contains(.bytes(Array(Fixture.nik.utf8))))
        }
    }

    static let kinds: [Column.Kind] = [.string, .integer, .number, .date, .boolean]

    /// A table of every kind: row `i` has values when `i % 3 == 0`, nulls otherwise; the
    /// column `empty_*` of each kind is null in every row.
    static func sparseTable(rows: Int) -> ComputedTable {
        let columns = kinds.map { Column("v_\($0.rawValue)", $0, "values and nulls") } + kinds.map { Column("empty_\($0.rawValue)", $0, "nulls") }
        return ComputedTable(schema: TableSchema(name: "sparse", description: "test", columns: columns), rowCount: rows) { i, cells in
            guard i % 3 == 0 else { cells.append(contentsOf: repeatElement(.null, count: columns.count)); return }
            cells.append(.text("t\(i % 1000)"))
            cells.append(.integer(Int64(i) - 50_000))
            cells.append(.decimal(Double(i) / 7, decimals: 2))
            cells.append(.date(LocalDate(daysSinceEpoch: Int32(i % 20_000) - 100)))
            cells.append(.boolean(i % 2 == 0))
            cells.append(contentsOf: repeatElement(.null, count: kinds.count))
        }
    }

    @Test("nulls in every optional column, over several pages and row groups: levels, values and statistics")
    func nulls() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let rows = ParquetTableWriter.rowsPerGroup + ParquetTableWriter.rowsPerPage + 5
        let table = Self.sparseTable(rows: rows)
        try ParquetTableWriter.write(table, to: dir.child("sparse.parquet"), level: 1) { _ in }
        let file = try ParquetTestFile(path: dir.child("sparse.parquet"))
        var expected: [[ParquetTestFile.Value?]] = []
        table.forEachRow { expected.append($0.map(Self.expected)) }
        for c in table.schema.columns.indices { #expect(file.columns[c] == expected.map { $0[c] }, "\(file.names[c])") }
        let groups = try #require(file.meta[4]?.list)
        #expect(groups.count == 2)
        #expect(groups.map { $0[3]?.int } == [Int64(ParquetTableWriter.rowsPerGroup), Int64(rows - ParquetTableWriter.rowsPerGroup)])
        // Data pages: 4 in the first row group, 2 in the second; the text column's few texts
        // also give each row group a dictionary page.
        #expect(file.pageHeaders[0].filter { $0[1]?.int == 0 }.count == 4 + 2)
        #expect(file.pageHeaders[0].filter { $0[1]?.int == 2 }.count == 2)
        for (g, group) in groups.enumerated() {
            let lo = g * ParquetTableWriter.rowsPerGroup, n = Int(group[3]?.int ?? 0)
            for (c, chunk) in (group[1]?.list ?? []).enumerated() {
                let stats = try #require(chunk[3]?[12])
                let present = (lo..<lo + n).filter { $0 % 3 == 0 && c < Self.kinds.count }
                #expect(stats[3]?.int == Int64(n - present.count), "null count of \(file.names[c]) in group \(g)")
                if present.isEmpty {
                    #expect(stats[5] == nil && stats[6] == nil, "no min/max for \(file.names[c])")
                } else {
                    let values = expected[lo..<lo + n].compactMap { $0[c] }
                    let minV = try #require(stats[6]?.binary), maxV = try #require(stats[5]?.binary)
                    let sorted = values.sorted(by: Self.less)
                    #expect(minV == Self.plain(sorted.first!) && maxV == Self.plain(sorted.last!), "min/max of \(file.names[c])")
                }
            }
        }
    }

    /// A value's PLAIN bytes as statistics hold them (no length prefix).
    static func plain(_ v: ParquetTestFile.Value) -> [UInt8] {
        switch v {
        case .bytes(let b): b
        case .i64(let n): le(n)
        case .i32(let n): le(n)
        case .double(let x): le(x.bitPattern)
        case .bool(let b): [b ? 1 : 0]
        }
    }

    /// The type's order.
    static func less(_ a: ParquetTestFile.Value, _ b: ParquetTestFile.Value) -> Bool {
        switch (a, b) {
        case (.bytes(let x), .bytes(let y)): x.lexicographicallyPrecedes(y)
        case (.i64(let x), .i64(let y)): x < y
        case (.i32(let x), .i32(let y)): x < y
        case (.double(let x), .double(let y)): x < y
        case (.bool(let x), .bool(let y)): !x && y
        default: false
        }
    }

    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

    @Test("an empty table: the schema, no row groups, zero rows")
    func emptyTable() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        try ParquetTableWriter.write(Self.sparseTable(rows: 0), to: dir.child("empty.parquet"), level: 6) { _ in }
        let file = try ParquetTestFile(path: dir.child("empty.parquet"))
        #expect(file.meta[3]?.int == 0)
        #expect(file.meta[4]?.list == [])
        #expect(file.names.count == 2 * Self.kinds.count)
        #expect(file.columns.allSatisfy { $0.isEmpty })
        let physical = try #require(file.meta[2]?.list).dropFirst().prefix(Self.kinds.count).map { $0[1]?.int }
        #expect(physical == [6, 2, 5, 1, 0])
    }

    @Test("a cell of the wrong kind is refused with the table, row and column named")
    func wrongKind() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let table = ComputedTable(schema: TableSchema(name: "t", description: "", columns: [Column("n", .integer, "")]), rowCount: 3) { i, cells in
            cells.append(i == 2 ? .text("x") : .integer(1))
        }
        let error = #expect(throws: ExportError.self) { try ParquetTableWriter.write(table, to: dir.child("t.parquet"), level: 1) { _ in } }
        #expect(error?.message.contains("table t, row 3, column n") == true)
    }

    @Test("definition levels: long runs as RLE, the rest bit-packed, read back as written",
          arguments: [0, 1, 7, 8, 9, 20, 1000, 4097])
    func definitionLevels(count: Int) throws {
        var rng = SeededRandom(seed: UInt64(count) + 1)
        // Runs of random lengths (1–20) of 0 or 1.
        var levels: [UInt8] = []
        while levels.count < count {
            let v: UInt8 = Bool.random(using: &rng) ? 1 : 0
            levels += Array(repeating: v, count: min(count - levels.count, Int.random(in: 1...20, using: &rng)))
        }
        let encoded = DefinitionLevels.encode(levels)
        let length = Int(encoded[0]) | Int(encoded[1]) << 8 | Int(encoded[2]) << 16 | Int(encoded[3]) << 24
        #expect(length == encoded.count - 4)
        #expect(try ParquetTestFile.decodeLevels(Array(encoded.dropFirst(4)), count: count) == levels)
    }

    @Test("definition levels: exact bytes of an RLE run and a bit-packed run")
    func definitionLevelBytes() {
        #expect(DefinitionLevels.encode(Array(repeating: 1, count: 20)) == [2, 0, 0, 0, 40, 1])
        // 1,0,1,0,… ten times: two groups bit-packed (header 2 << 1 | 1), the last padded.
        let alternating: [UInt8] = (0..<10).map { $0 % 2 == 0 ? 1 : 0 }
        #expect(DefinitionLevels.encode(alternating) == [3, 0, 0, 0, 5, 0x55, 0x01])
    }
}
