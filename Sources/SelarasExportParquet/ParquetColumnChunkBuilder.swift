import SelarasCompression
import SelarasExport

/// Builds one column chunk of a row group in memory: cells are appended as PLAIN values and
/// definition levels; every ``ParquetTableWriter/rowsPerPage`` rows the page is closed (its
/// levels encoded, the page gzip-compressed, its header with statistics written in front).
struct ParquetColumnChunkBuilder {
    let kind: ParquetColumnKind
    let name: String
    let table: String
    let level: Int32

    /// The chunk's pages so far (headers and compressed bytes).
    private(set) var bytes: [UInt8] = []
    private(set) var uncompressedSize: Int64 = 0
    private(set) var numValues: Int64 = 0
    private(set) var pages: Int32 = 0
    /// The chunk's statistics so far.
    private var chunkStats = ParquetValueRange()

    private var levels: [UInt8] = []
    private var values: [UInt8] = []
    private var bitCount = 0
    private var pageStats = ParquetValueRange()

    init(kind: ParquetColumnKind, name: String, table: String, level: Int32) {
        self.kind = kind
        self.name = name
        self.table = table
        self.level = level
    }

    /// Appends one cell of row `row` (the table's row number, for errors).
    mutating func append(_ cell: Cell, row: Int) throws {
        if case .null = cell {
            levels.append(0)
            pageStats.nulls += 1
            return
        }
        levels.append(1)
        let start = values.count
        switch (kind, cell) {
        case (.string, .text(let s)):
            let n = UInt32(s.utf8.count)
            withUnsafeBytes(of: n.littleEndian) { values.append(contentsOf: $0) }
            values.append(contentsOf: s.utf8)
            pageStats.update(values[(start + 4)...], kind: kind)
            return
        case (.integer, .integer(let n)):
            withUnsafeBytes(of: n.littleEndian) { values.append(contentsOf: $0) }
        case (.double, .decimal(let x, let d)):
            appendDouble(Self.shown(x, decimals: d))
        case (.double, .integer(let n)):
            appendDouble(Double(n))
        case (.date, .date(let day)):
            withUnsafeBytes(of: day.daysSinceEpoch.littleEndian) { values.append(contentsOf: $0) }
        case (.boolean, .boolean(let b)):
            if bitCount % 8 == 0 { values.append(0) }
            if b { values[values.count - 1] |= 1 << UInt8(bitCount % 8) }
            bitCount += 1
            pageStats.update(b ? Self.one : Self.zero, kind: kind)
            return
        default:
            throw ExportError(.io, "table \(table), row \(row + 1), column \(name): a \(cell) value where the schema has \(kind)")
        }
        pageStats.update(values[start...], kind: kind)
    }

    private static let one: [UInt8] = [1], zero: [UInt8] = [0]

    /// The value a CSV cell shows (`decimals` places), as the nearest double.
    static func shown(_ x: Double, decimals: Int) -> Double {
        var p: Int64 = 1
        for _ in 0..<decimals { p *= 10 }
        return Double(Int64((x * Double(p)).rounded())) / Double(p)
    }

    private mutating func appendDouble(_ x: Double) {
        let v = x == 0 ? 0.0 : x // no negative zero
        withUnsafeBytes(of: v.bitPattern.littleEndian) { values.append(contentsOf: $0) }
    }

    /// Values in the open page.
    var pendingValues: Int { levels.count }

    /// Closes the open page (nothing if it is empty).
    mutating func closePage() throws {
        guard !levels.isEmpty else { return }
        var page = DefinitionLevels.encode(levels)
        page.append(contentsOf: values)
        let compressed: [UInt8]
        do { compressed = try Deflater.compress(page, level: level, format: .gzip) } catch let error as CompressionError {
            throw ExportError(.io, "cannot compress a page of \(table).\(name): \(error)", underlying: error)
        }
        let header = ParquetPageHeader(uncompressedSize: Int32(page.count), compressedSize: Int32(compressed.count),
                                       numValues: Int32(levels.count), statistics: pageStats.statistics).encoded
        bytes.append(contentsOf: header)
        bytes.append(contentsOf: compressed)
        uncompressedSize += Int64(header.count + page.count)
        numValues += Int64(levels.count)
        pages += 1
        chunkStats.merge(pageStats, kind: kind)
        levels.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        bitCount = 0
        pageStats = ParquetValueRange()
    }

    /// The chunk's metadata, its first page at `offset` in the file.
    func metaData(offset: Int64) -> ParquetColumnMetaData {
        ParquetColumnMetaData(type: kind.physicalType, encodings: [ParquetEncoding.plain, ParquetEncoding.rle], path: [name],
                              codec: ParquetEncoding.gzip, numValues: numValues, totalUncompressedSize: uncompressedSize,
                              totalCompressedSize: Int64(bytes.count), dataPageOffset: offset, statistics: chunkStats.statistics,
                              encodingStats: [.init(pageType: 0, encoding: ParquetEncoding.plain, count: pages)])
    }
}
