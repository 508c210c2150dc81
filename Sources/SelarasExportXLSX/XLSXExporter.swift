import Foundation
import SelarasExport
import SelarasExportZip

/// `xlsx`: one workbook, `selaras-TIER.xlsx` (`selaras-office.xlsx`, `selaras-analyst.xlsx`): a
/// sheet per table (named after it) and a `codebook` sheet. The header row shows Indonesian
/// titles (``ColumnTitles``; the codebook keeps each machine name beside its title), is bold,
/// frozen, filtered and repeated on every printed page; sheets print landscape, one page wide,
/// and columns are as wide as their ids and texts. Ids, NIK and all other text are
/// inline strings (never numbers, so no digits are lost), dates are real Excel dates, numbers
/// are numbers and booleans are 0/1. A table longer than Excel's 1,048,576 rows continues on
/// `TABLE_2`, `TABLE_3`, ….
///
/// The OOXML parts are written by hand; each sheet's rows are encoded and deflated in chunks
/// on all cores and streamed into the zip (``ParallelZipWriter``), entries in a fixed order
/// with fixed dates: the same dataset gives the same bytes everywhere.
public struct XLSXExporter: Exporter {
    /// `xlsx`.
    public let format = "xlsx"
    /// For `--list`.
    public let summary = "one Excel workbook for the office: a sheet per table and a codebook, header frozen, NIK as text, dates as dates"
    /// The workbook's file name: the tier is in it, so a download says what it holds.
    public static func fileName(_ tier: ExportTier) -> String { "selaras-\(tier.rawValue).xlsx" }
    /// Excel's row limit per sheet.
    public static let excelMaxRows = 1_048_576

    /// Rows per sheet, header included.
    public let maxRowsPerSheet: Int
    /// Rows encoded together on one core (about 1 MB of XML for `growth_checks`).
    static let rowsPerChunk = 1024
    /// The sheets' libdeflate level: 1, the fastest (the workbook has no size target, and its
    /// XML repeats so much that level 1 already compresses it several times over).
    static let level: Int32 = 1
    /// Chunks encoded at once: enough to keep every core busy between appends.
    static var chunksInFlight: Int { 4 * max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Creates the exporter.
    /// - Parameter maxRowsPerSheet: rows per sheet including the header (Excel's limit by
    ///   default; smaller only to test the continuation sheets).
    public init(maxRowsPerSheet: Int = XLSXExporter.excelMaxRows) {
        precondition(maxRowsPerSheet >= 2 && maxRowsPerSheet <= Self.excelMaxRows)
        self.maxRowsPerSheet = maxRowsPerSheet
    }

    /// Writes `selaras-TIER.xlsx`.
    public func export(_ dataset: Dataset, to directory: String, progress: ExportProgress) throws -> [String] {
        let total = dataset.tables.reduce(0) { $0 + $1.rowCount }
        let perSheet = maxRowsPerSheet - 1
        // Every sheet's name follows from the row counts, so the workbook's parts are written
        // first and the sheets stream after them, deflated on all cores.
        var sheetsOfTable: [String: [String]] = [:]
        var sheetNames: [String] = []
        for table in dataset.tables {
            let count = max(1, (table.rowCount + perSheet - 1) / perSheet)
            let names = [table.schema.name] + (1..<count).map { "\(table.schema.name)_\($0 + 1)" }
            sheetsOfTable[table.schema.name] = names
            sheetNames += names
        }
        sheetNames.append("codebook")
        let fileName = Self.fileName(dataset.options.tier)
        let zip = ParallelZipWriter(file: try ExportFile(path: directory + "/" + fileName))
        for (name, text) in WorkbookParts.parts(sheetNames: sheetNames) { try zip.addEntry(name, Array(text.utf8), level: Self.level) }
        var sheetNumber = 0
        var done = 0
        for table in dataset.tables {
            let header = table.schema.columns.map { ColumnTitles.bundled.title($0.name) }
            let encoder = SheetWriter.RowEncoder(header: header)
            var start = SheetWriter.prologue(widths: table.schema.columns.map(Self.width))
            encoder.append(header.map(Cell.text), row: 1, style: .header, to: &start)
            for k in sheetsOfTable[table.schema.name]!.indices {
                sheetNumber += 1
                let rows = min(table.rowCount, k * perSheet)..<min(table.rowCount, (k + 1) * perSheet)
                try zip.beginEntry("xl/worksheets/sheet\(sheetNumber).xml")
                try start.withUnsafeBytes { try zip.append(ParallelGzipWriter.Block(compressing: $0, level: Self.level)) }
                try Self.streamRows(table, rows, encoder: encoder, into: zip) { n in
                    done += n
                    progress(done, total)
                }
                let end = SheetWriter.epilogue(columnCount: header.count, rows: rows.count + 1)
                try end.withUnsafeBytes { try zip.append(ParallelGzipWriter.Block(compressing: $0, level: Self.level)) }
                try zip.endEntry()
            }
        }
        let codebookHeader = ["table", "column", "judul (title)", "type", "values", "description"]
        let codebookEncoder = SheetWriter.RowEncoder(header: codebookHeader)
        var codebook = SheetWriter.prologue(widths: [16, 24, 24, 14, 28, 100])
        codebookEncoder.append(codebookHeader.map(Cell.text), row: 1, style: .header, to: &codebook)
        let codebookRows = Self.codebookRows(dataset, sheetsOfTable: sheetsOfTable)
        for (i, row) in codebookRows.enumerated() {
            codebookEncoder.append(row.map { $0.isEmpty ? Cell.null : .text($0) }, row: i + 2, style: .wrapped, to: &codebook)
        }
        codebook += SheetWriter.epilogue(columnCount: codebookHeader.count, rows: codebookRows.count + 1)
        try zip.addEntry("xl/worksheets/sheet\(sheetNumber + 1).xml", codebook, level: Self.level)
        try zip.finish()
        progress(total, total)
        return [fileName]
    }

    /// Writes a sheet's rows: chunks of ``rowsPerChunk`` rows, each encoded and deflated on its
    /// own on all cores (row numbers from 2 at the sheet's first row), appended in order.
    /// Chunk boundaries depend only on the rows, so the bytes are the same on every machine.
    static func streamRows(_ table: any DatasetTable, _ rows: Range<Int>, encoder: SheetWriter.RowEncoder,
                           into zip: ParallelZipWriter, written: (Int) -> Void) throws {
        let level = Self.level
        let chunks = (rows.count + rowsPerChunk - 1) / rowsPerChunk
        // Chunks flow through the ordered pipeline: a core starts the next chunk while the
        // other finishes its own, and finished chunks go into the zip in order.
        try Parallel.ordered(chunks, window: chunksInFlight) { j in
            let chunk = (rows.lowerBound + j * rowsPerChunk)..<min(rows.upperBound, rows.lowerBound + (j + 1) * rowsPerChunk)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(chunk.count * 1400)
            var row = chunk.lowerBound - rows.lowerBound + 2
            table.forEachRow(in: chunk) { cells in
                encoder.append(cells, row: row, style: .normal, to: &bytes)
                row += 1
            }
            return try bytes.withUnsafeBytes { try ParallelGzipWriter.Block(compressing: $0, level: level) }
        } consume: { j, block in
            try zip.append(block)
            written(min(rows.count, (j + 1) * rowsPerChunk) - j * rowsPerChunk)
        }
    }

    /// A column's width in characters: wide enough for its title and its values (an id
    /// `ch-9f86d081884c7d65-26-17` is 25 characters, a NIK 16, a name up to ~30 shown).
    static func width(_ c: Column) -> Int {
        let base: Int
        switch c.kind {
        case .date: base = 12
        case .integer, .number, .boolean: base = 9
        case .string:
            if c.name.hasSuffix("_id") { base = 27 }
            else if ["nik", "mother_nik", "head_nik", "family_card", "phone"].contains(c.name) { base = 18 }
            else if ["name", "mother", "father", "head_name", "address", "posyandu", "notes", "cadre", "surveyor"].contains(c.name) { base = 28 }
            else { base = 16 }
        }
        return min(60, max(base, ColumnTitles.bundled.title(c.name).count + 3))
    }

    /// The codebook sheet's rows (after its header): the tier note, the filters, then each
    /// table (its description, sheets and rows) followed by its columns.
    static func codebookRows(_ dataset: Dataset, sheetsOfTable: [String: [String]]) -> [[String]] {
        let options = dataset.options
        var rows: [[String]] = [
            ["(export)", "tier", "", options.tier.rawValue, "", options.tier.note],
            ["(export)", "filters", "", "", "", options.summary],
            ["(export)", "cells", "", "", "",
             "Empty cell = missing. Ids, NIK and other text are stored as text; dates are Excel dates; booleans are 0/1. Header rows show the Indonesian title (judul) of each column."],
        ]
        for table in dataset.tables {
            let s = table.schema
            let sheets = sheetsOfTable[s.name] ?? [s.name]
            rows.append([s.name, "", "", "table", "",
                         "\(s.description) \(table.rowCount) rows; sheet\(sheets.count == 1 ? "" : "s") \(sheets.joined(separator: ", "))."])
            for c in s.columns {
                let type = c.kind == .boolean ? "boolean (0/1)" : c.kind.rawValue
                rows.append([s.name, c.name, ColumnTitles.bundled.title(c.name), type, c.categories?.joined(separator: ", ") ?? "",
                             c.description + (c.identifying ? " (identifying: office tier only)" : "")])
            }
        }
        return rows
    }
}
