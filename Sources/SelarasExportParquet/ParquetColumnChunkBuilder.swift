import SelarasCompression
import SelarasExport

/// Builds one column chunk of a row group in memory: cells are appended as PLAIN values and
/// definition levels; every ``ParquetTableWriter/rowsPerPage`` rows the page is closed (its
/// levels encoded, the page gzip-compressed, its header with statistics written in front).
///
/// Text columns are dictionary-encoded while their chunk has at most
/// ``maxDictionaryEntries`` distinct texts (kelurahan, posyandu, categories): data pages hold
/// RLE_DICTIONARY indices and ``finish()`` puts the dictionary page in front. Once a chunk meets
/// more (ids, notes), that page and the chunk's later pages are PLAIN, as the format allows.
struct ParquetColumnChunkBuilder {
    /// Most distinct texts a chunk's dictionary holds.
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
    private var values: [UInt8] = []
    private var bitCount = 0
    private var pageStats = ParquetValueRange()

    /// Whether text is still dictionary-encoded in this chunk.
    private var dictionaryOpen: Bool
    private var dictionary: [String: UInt32] = [:]
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
        dictionaryOpen = kind == .string
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
            if dictionaryOpen { addToDictionary(s, plain: values[start...]) }
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

    /// The text's dictionary index for the open page; past ``maxDictionaryEntries`` texts the
    /// dictionary closes (this page and the chunk's later pages are PLAIN).
    private mutating func addToDictionary(_ s: String, plain: ArraySlice<UInt8>) {
        if let k = dictionary[s] {
            indices.append(k)
        } else if dictionary.count < Self.maxDictionaryEntries {
            let k = UInt32(dictionary.count)
            dictionary[s] = k
            dictionaryValues.append(contentsOf: plain)
            indices.append(k)
        } else {
            dictionaryOpen = false
            indices = []
        }
    }

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
        let dictionaryEncoded = dictionaryOpen && !dictionary.isEmpty
        if dictionaryEncoded {
            let width = RLEHybrid.bitWidth(UInt32(dictionary.count - 1))
            page.append(UInt8(width))
            RLEHybrid.encode(indices, width: width, to: &page)
            dictionaryPages += 1
        } else {
            page.append(contentsOf: values)
            plainPages += 1
        }
        let compressed: [UInt8]
        do { compressed = try Deflater.compress(page, level: level, format: .gzip) } catch let error as CompressionError {
            throw ExportError(.io, "cannot compress a page of \(table).\(name): \(error)", underlying: error)
        }
        var pageHeader = ParquetPageHeader(uncompressedSize: Int32(page.count), compressedSize: Int32(compressed.count),
                                           numValues: Int32(levels.count), statistics: pageStats.statistics)
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
        let compressed: [UInt8]
        do { compressed = try Deflater.compress(dictionaryValues, level: level, format: .gzip) } catch let error as CompressionError {
            throw ExportError(.io, "cannot compress the dictionary of \(table).\(name): \(error)", underlying: error)
        }
        let header = ParquetPageHeader.dictionary(uncompressedSize: Int32(dictionaryValues.count), compressedSize: Int32(compressed.count),
                                                  count: Int32(dictionary.count)).encoded
        dictionaryPageSize = header.count + compressed.count
        bytes = header + compressed + bytes
        uncompressedSize += Int64(header.count + dictionaryValues.count)
        dictionary = [:]
        dictionaryValues = []
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
                                     statistics: chunkStats.statistics, encodingStats: stats,
                                     dictionaryPageOffset: dictionaryPages > 0 ? offset : nil)
    }
}
