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
/// The OOXML parts are written by hand and streamed to staged files, then zipped with fixed
/// entry dates in sorted order: the same dataset gives the same bytes everywhere.
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
    /// Chunks encoded at once: enough to keep every core busy between appends.
    static var chunksInFlight: Int { 4 * max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Creates the exporter.
    /// - Parameter maxRowsPerSheet: rows per sheet including the header (Excel's limit by
    ///   default; smaller only to test the continuation sheets).
    public init(maxRowsPerSheet: Int = XLSXExporter.excelMaxRows) {
        precondition(maxRowsPerSheet >= 2 && maxRowsPerSheet <= Self.excelMaxRows)
        self.maxRowsPerSheet = maxRowsPerSheet
    }

    /// Writes `selaras.xlsx`.
    public func export(_ dataset: Dataset, to directory: String, progress: ExportProgress) throws -> [String] {
        let staging = try DeterministicZip.makeStagingDirectory(in: directory)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let total = dataset.tables.reduce(0) { $0 + $1.rowCount }
        var done = 0
        var sheets: [(name: String, path: String)] = []
        var sheetsOfTable: [String: [String]] = [:]

        func newSheet(_ name: String, header: [String], widths: [Int]) throws -> SheetWriter {
            let writer = try SheetWriter(path: staging + "/sheet\(sheets.count + 1).xml", header: header, widths: widths)
            sheets.append((name, writer.path))
            return writer
        }

        for table in dataset.tables {
            let schema = table.schema
            let header = schema.columns.map { ColumnTitles.bundled.title($0.name) }
            let widths = schema.columns.map(Self.width)
            var sheet = try newSheet(schema.name, header: header, widths: widths)
            var names = [schema.name]
            // Rows are encoded in chunks on all cores (a chunk never crosses a sheet boundary,
            // so its row numbers are known), then appended in order.
            let perSheet = maxRowsPerSheet - 1
            let rows = table.rowCount
            let encoder = sheet.encoder
            var start = 0
            while start < rows {
                var ranges: [Range<Int>] = []
                var next = start
                while ranges.count < Self.chunksInFlight, next < rows {
                    let end = min(rows, next + Self.rowsPerChunk, (next / perSheet + 1) * perSheet)
                    ranges.append(next..<end)
                    next = end
                }
                let chunks = ranges
                let encoded = Parallel.map(chunks.count) { j in
                    var bytes: [UInt8] = []
                    bytes.reserveCapacity(chunks[j].count * 1024)
                    var row = chunks[j].lowerBound
                    table.forEachRow(in: chunks[j]) { cells in
                        encoder.append(cells, row: row % perSheet + 2, style: .normal, to: &bytes)
                        row += 1
                    }
                    return bytes
                }
                for (range, bytes) in zip(chunks, encoded) {
                    if range.lowerBound > 0, range.lowerBound % perSheet == 0 {
                        try sheet.finish()
                        let name = "\(schema.name)_\(names.count + 1)"
                        sheet = try newSheet(name, header: header, widths: widths)
                        names.append(name)
                    }
                    try sheet.append(encoded: bytes, count: range.count)
                }
                done += next - start
                start = next
                progress(done, total)
            }
            try sheet.finish()
            sheetsOfTable[schema.name] = names
        }

        let codebook = try newSheet("codebook", header: ["table", "column", "judul (title)", "type", "values", "description"],
                                    widths: [16, 24, 24, 14, 28, 100])
        for row in Self.codebookRows(dataset, sheetsOfTable: sheetsOfTable) {
            try codebook.write(row.map { $0.isEmpty ? Cell.null : .text($0) }, style: .wrapped)
        }
        try codebook.finish()

        let fileName = Self.fileName(dataset.options.tier)
        try WorkbookParts.writePackage(sheets: sheets, staging: staging, to: directory + "/" + fileName)
        progress(total, total)
        return [fileName]
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
