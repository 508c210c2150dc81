import SelarasExport
import SelarasExportZip
import SelarasModel

/// Streams one worksheet (`xl/worksheets/sheetN.xml`) to a staged file: the header row bold
/// and frozen, then one `<row>` per dataset row; for printing, an autofilter over the header,
/// landscape A4 fitted to the page width (the header row is repeated on every page by the
/// workbook's `_xlnm.Print_Titles`, see ``WorkbookParts/workbook(sheetNames:)``). Text is always an inline string (ids and NIK
/// stay text), numbers are numbers, dates are serial numbers with a date format, booleans 0/1.
final class SheetWriter {
    private let file: StagedFile
    /// Encodes this sheet's rows (safe to use on several threads at once, for different rows).
    let encoder: RowEncoder
    /// Columns in the header.
    private let columnCount: Int
    /// Rows written, header included.
    private(set) var rows = 0

    /// Starts a sheet: XML prologue, frozen pane, column widths, the bold header row.
    /// - Parameters:
    ///   - path: the staged file.
    ///   - header: column titles.
    ///   - widths: column widths in characters.
    init(path: String, header: [String], widths: [Int]) throws {
        file = try StagedFile(path: path)
        encoder = RowEncoder(header: header)
        columnCount = max(header.count, 1)
        file.buffer += Self.prologue(widths: widths)
        try write(header.map(Cell.text), style: .header)
    }

    /// A sheet's XML up to its first row: prologue, frozen pane, column widths, `<sheetData>`.
    static func prologue(widths: [Int]) -> [UInt8] {
        var s = WorkbookParts.header
        s += #"<worksheet xmlns="\#(WorkbookParts.mainNS)" xmlns:r="\#(WorkbookParts.relNS)">"#
        s += #"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#
        s += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#
        s += #"<sheetFormatPr defaultRowHeight="15"/>"#
        if !widths.isEmpty {
            s += "<cols>"
            for (i, w) in widths.enumerated() {
                s += #"<col min="\#(i + 1)" max="\#(i + 1)" width="\#(w)" customWidth="1"/>"#
            }
            s += "</cols>"
        }
        return Array((s + "<sheetData>").utf8)
    }

    /// A sheet's XML after its last row: the autofilter over `rows` rows (header included)
    /// of `columnCount` columns, margins and the print setup.
    static func epilogue(columnCount: Int, rows: Int) -> [UInt8] {
        var s = "</sheetData>"
        s += #"<autoFilter ref="A1:\#(SheetWriter.columnName(max(columnCount, 1) - 1))\#(max(rows, 1))"/>"#
        s += #"<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>"#
        s += #"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#
        return Array((s + "</worksheet>").utf8)
    }

    /// Appends one row.
    /// - Parameters:
    ///   - cells: the values, one per column (nulls leave the cell out).
    ///   - style: a style for every cell that has no style of its own (header, wrapped text).
    func write(_ cells: [Cell], style: CellStyle = .normal) throws {
        rows += 1
        encoder.append(cells, row: rows, style: style, to: &file.buffer)
        try file.flushIfFull()
    }

    /// Closes the sheet data and the file.
    func finish() throws {
        file.buffer += Self.epilogue(columnCount: columnCount, rows: rows)
        try file.finish()
    }

    /// The staged file's path.
    var path: String { file.path }

    /// `A`, `B`, …, `Z`, `AA`, … for a zero-based column index.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    /// The Excel serial number of a date (1900 date system: 1970-01-01 is 25569). Exact for
    /// dates from 1900-03-01 on, which covers every birth and measurement here.
    static func serial(_ d: LocalDate) -> Int { Int(d.daysSinceEpoch) + 25_569 }
}
