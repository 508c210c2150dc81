import SelarasCompression
import SelarasExport

/// Builds one column chunk of a row group in memory: cells are appended as PLAIN values and
/// definition levels; every ``ParquetTableWriter/rowsPerPage`` rows the page is closed (its
/// levels encoded, the page gzip-compressed, its header with statistics written in front).
///
/// Every column but booleans is dictionary-encoded while its chunk has at most
/// ``maxDictionaryEntries`` distinct values (kelurahan, posyandu, categories, and the numbers:
/// a z-score of 2 decimals, a weight of 1 decimal, a month's first day take few values): data
/// pages hold RLE_DICTIONARY indices and ``finish()`` puts the dictionary page in front. Once a
/// chunk meets more (ids, notes), that page and the chunk's later pages are PLAIN, as the
/// format allows.
struct ParquetColumnChunkBuilder {
    /// Most distinct values a chunk's dictionary holds.
    static let maxDictionaryEntries = 4096

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
    /// The open page's values, PLAIN (kept even while the dictionary is used, in case it closes).
    private var values: [UInt8] = []
    private var bitCount = 0
    private var pageStats = ParquetValueRange()

    /// Whether values are still dictionary-encoded in this chunk.
    private var dictionaryOpen: Bool
    /// Texts → index (string columns).
    private var texts: [String: UInt32] = [:]
    /// Numbers' bit patterns → index (other columns).
    private var numbers = ParquetNumberDictionary()
    /// The last text looked up and its index (consecutive rows often repeat a kelurahan or a category).
    private var lastText: String?
    private var lastTextIndex: UInt32 = 0
    /// The dictionary's entries, PLAIN-encoded, in index order.
    private var dictionaryValues: [UInt8] = []
    /// The open page's indices (non-null cells).
    private var indices: [UInt32] = []
    private var dictionaryPages: Int32 = 0
    private var plainPages: Int32 = 0
    /// Bytes of the dictionary page (header and compressed entries) at the start of ``bytes``.
    private var dictionaryPageSize = 0

    init(kind: ParquetColumnKind, name: String, table: String, level: Int32) {
        self.kind = kind
        self.name = name
        self.table = table
        self.level = level
        dictionaryOpen = kind != .boolean
    }

    /// Entries in the dictionary.
    private var dictionaryCount: Int { kind == .string ? texts.count : numbers.count }

    /// Appends one cell of row `row` (the table's row number, for errors).
    mutating func append(_ cell: Cell, row: Int) throws {
        switch (kind, cell) {
        case (_, .null):
            levels.append(0)
            pageStats.nulls += 1
        case (.string, .text(let s)):
            levels.append(1)
            var text = s
            let start = values.count
            text.withUTF8 { u in
                withUnsafeBytes(of: UInt32(u.count).littleEndian) { values.append(contentsOf: $0) }
                values.append(contentsOf: u)
                pageStats.update(text: u)
            }
            if dictionaryOpen { addText(s, plainFrom: start) }
        case (.integer, .integer(let n)):
            appendNumber(UInt64(bitPattern: n), bytes: 8)
            pageStats.update(integer: n)
        case (.double, .decimal(let x, let d)):
            appendDouble(Self.shown(x, decimals: d))
        case (.double, .integer(let n)):
            appendDouble(Double(n))
        case (.date, .date(let day)):
            appendNumber(UInt64(UInt32(bitPattern: day.daysSinceEpoch)), bytes: 4)
            pageStats.update(integer: Int64(day.daysSinceEpoch))
        case (.boolean, .boolean(let b)):
            levels.append(1)
            if bitCount % 8 == 0 { values.append(0) }
            if b { values[values.count - 1] |= 1 << UInt8(bitCount % 8) }
            bitCount += 1
            pageStats.update(integer: b ? 1 : 0)
        default:
            throw ExportError(.io, "table \(table), row \(row + 1), column \(name): a \(cell) value where the schema has \(kind)")
        }
    }

    /// The text's dictionary index for the open page; past ``maxDictionaryEntries`` texts the
    /// dictionary closes (this page and the chunk's later pages are PLAIN).
    private mutating func addText(_ s: String, plainFrom start: Int) {
        if let last = lastText, last == s {
            indices.append(lastTextIndex)
            return
        }
        let k: UInt32
        if let known = texts[s] {
            k = known
        } else if texts.count < Self.maxDictionaryEntries {
            k = UInt32(texts.count)
            texts[s] = k
            dictionaryValues.append(contentsOf: values[start...])
        } else {
            closeDictionary()
            return
        }
        indices.append(k)
        lastText = s
        lastTextIndex = k
    }

    /// Appends a number's PLAIN bytes (its low `bytes` bytes, little-endian) and its dictionary index.
    private mutating func appendNumber(_ bits: UInt64, bytes: Int) {
        levels.append(1)
        withUnsafeBytes(of: bits.littleEndian) { values.append(contentsOf: $0[0..<bytes]) }
        guard dictionaryOpen else { return }
        guard let found = numbers.index(of: bits, limit: Self.maxDictionaryEntries) else { return closeDictionary() }
        if found.added { withUnsafeBytes(of: bits.littleEndian) { dictionaryValues.append(contentsOf: $0[0..<bytes]) } }
        indices.append(found.index)
    }

    /// Stops dictionary encoding for the rest of the chunk (this page is written PLAIN).
    private mutating func closeDictionary() {
        dictionaryOpen = false
        indices = []
        lastText = nil
    }

    /// The value a CSV cell shows (`decimals` places), as the nearest double.
    static func shown(_ x: Double, decimals: Int) -> Double {
        var p: Int64 = 1
        for _ in 0..<decimals { p *= 10 }
        return Double(Int64((x * Double(p)).rounded())) / Double(p)
    }

    private mutating func appendDouble(_ x: Double) {
        let v = x == 0 ? 0.0 : x // no negative zero
        appendNumber(v.bitPattern, bytes: 8)
        pageStats.update(double: v)
    }

    /// Values in the open page.
    var pendingValues: Int { levels.count }

    /// Closes the open page (nothing if it is empty).
    mutating func closePage() throws {
        guard !levels.isEmpty else { return }
        var page = DefinitionLevels.encode(levels)
        let dictionaryEncoded = dictionaryOpen && dictionaryCount > 0
        if dictionaryEncoded {
            let width = RLEHybrid.bitWidth(UInt32(dictionaryCount - 1))
            page.append(UInt8(width))
            RLEHybrid.encode(indices, width: width, to: &page)
            dictionaryPages += 1
        } else {
            page.append(contentsOf: values)
            plainPages += 1
        }
        let compressed = try gzip(page, what: "a page")
        var pageHeader = ParquetPageHeader(uncompressedSize: Int32(page.count), compressedSize: Int32(compressed.count),
                                           numValues: Int32(levels.count), statistics: pageStats.statistics(kind))
        if dictionaryEncoded { pageHeader.encoding = ParquetEncoding.rleDictionary }
        let header = pageHeader.encoded
        bytes.append(contentsOf: header)
        bytes.append(contentsOf: compressed)
        uncompressedSize += Int64(header.count + page.count)
        numValues += Int64(levels.count)
        pages += 1
        chunkStats.merge(pageStats, kind: kind)
        levels.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
        bitCount = 0
        pageStats = ParquetValueRange()
    }

    /// Ends the chunk: when any page used the dictionary, the dictionary page (its entries
    /// PLAIN, gzip-compressed) goes in front of the data pages. Call once, after the last
    /// ``closePage()``.
    mutating func finish() throws {
        guard dictionaryPages > 0 else { return }
        let compressed = try gzip(dictionaryValues, what: "the dictionary")
        let header = ParquetPageHeader.dictionary(uncompressedSize: Int32(dictionaryValues.count), compressedSize: Int32(compressed.count),
                                                  count: Int32(dictionaryCount)).encoded
        dictionaryPageSize = header.count + compressed.count
        bytes = header + compressed + bytes
        uncompressedSize += Int64(header.count + dictionaryValues.count)
        texts = [:]
        numbers.removeAll()
        lastText = nil
        dictionaryValues = []
    }

    /// A page's bytes as one gzip member (Parquet's GZIP codec), through libdeflate at ``level``.
    private func gzip(_ bytes: [UInt8], what: String) throws -> [UInt8] {
        do { return try BlockDeflater(level: level).gzip(bytes) } catch let error as CompressionError {
            throw ExportError(.io, "cannot compress \(what) of \(table).\(name): \(error)", underlying: error)
        }
    }

    /// The chunk's metadata, its first page (the dictionary page, if any) at `offset` in the file.
    func metaData(offset: Int64) -> ParquetColumnMetaData {
        var encodings: [Int32] = [], stats: [ParquetColumnMetaData.EncodingCount] = []
        if dictionaryPages > 0 {
            encodings += [ParquetEncoding.plainDictionary, ParquetEncoding.rleDictionary]
            stats += [.init(pageType: ParquetPageHeader.dictionaryPage, encoding: ParquetEncoding.plainDictionary, count: 1),
                      .init(pageType: ParquetPageHeader.dataPage, encoding: ParquetEncoding.rleDictionary, count: dictionaryPages)]
        }
        if plainPages > 0 || dictionaryPages == 0 {
            encodings.append(ParquetEncoding.plain)
            stats.append(.init(pageType: ParquetPageHeader.dataPage, encoding: ParquetEncoding.plain, count: plainPages))
        }
        encodings.append(ParquetEncoding.rle)
        return ParquetColumnMetaData(type: kind.physicalType, encodings: encodings.sorted(), path: [name],
                                     codec: ParquetEncoding.gzip, numValues: numValues, totalUncompressedSize: uncompressedSize,
                                     totalCompressedSize: Int64(bytes.count), dataPageOffset: offset + Int64(dictionaryPageSize),
                                     statistics: chunkStats.statistics(kind), encodingStats: stats,
                                     dictionaryPageOffset: dictionaryPages > 0 ? offset : nil)
    }
}
