import Foundation
import SelarasExport
import SelarasExportZip

/// A workbook streamed sheet by sheet, for exporters that lay out their own sheets (the
/// `eppgbm` workbook): every sheet gets the frozen bold header, the autofilter, landscape A4
/// fitted to the page width and the header repeated on each printed page.
public final class XLSXWorkbookWriter {
    private let staging: String
    private var sheets: [(name: String, writer: SheetWriter)] = []

    /// Starts a workbook staged in `directory`.
    /// - Throws: `ExportError` when the staging directory cannot be made.
    public init(directory: String) throws {
        staging = try DeterministicZip.makeStagingDirectory(in: directory)
    }

    deinit { try? FileManager.default.removeItem(atPath: staging) }

    /// Starts a sheet (finishing the one before).
    /// - Parameters:
    ///   - name: the sheet's tab name (at most 31 characters, no `[]:*?/\`).
    ///   - header: the column titles.
    ///   - widths: column widths in characters.
    public func beginSheet(_ name: String, header: [String], widths: [Int]) throws {
        try sheets.last?.writer.finish()
        sheets.append((name, try SheetWriter(path: staging + "/sheet\(sheets.count + 1).xml", header: header, widths: widths)))
    }

    /// Appends a row to the current sheet (dates as dates, text as text, numbers as numbers).
    public func write(_ cells: [Cell]) throws {
        guard let sheet = sheets.last else { preconditionFailure("beginSheet before write") }
        try sheet.writer.write(cells)
    }

    /// Finishes the last sheet and writes the workbook as `directory/fileName`.
    public func finish(to path: String) throws {
        try sheets.last?.writer.finish()
        try WorkbookParts.writePackage(sheets: sheets.map { ($0.name, $0.writer.path) }, staging: staging, to: path)
    }
}
