import Foundation
import SelarasEntry

extension EPPGBMSheet {
    /// Reads an e-PPGBM download saved as CSV (`,` or `;`, UTF-8, with or without a BOM).
    /// The `Data Tanggal` line is taken off before the separator is decided from the header.
    /// - Throws: ``EPPGBMError`` when the text is not UTF-8 or not CSV.
    public init(csv data: Data, fileName: String, dataDateLabel: String) throws(EPPGBMError) {
        guard var text = String(data: data, encoding: .utf8) else {
            throw EPPGBMError(.unreadable, "\(fileName): is not UTF-8 text; save it as CSV UTF-8 or give the .xlsx")
        }
        if text.first == "\u{FEFF}" { text.removeFirst() }
        // The first line, when it is the date line, would decide the separator: keep it apart.
        var lines: [(number: Int, cells: [Cell])] = []
        var offset = 0
        if let end = text.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }),
           EPPGBMColumnMap.fold(String(text[..<end])).hasPrefix(EPPGBMColumnMap.fold(dataDateLabel)) {
            let first = String(text[..<end]).trimmingCharacters(in: CharacterSet(charactersIn: " \t\";,"))
            lines.append((1, [.text(first)]))
            text = String(text[text.index(after: end)...])
            offset = 1
        }
        let table: CSVTable
        do { table = try CSVTable(text: text, fileName: fileName) } catch {
            throw EPPGBMError(.unreadable, error.problems.map { $0 })
        }
        lines.append((table.headerLine + offset, table.header.map { Cell.text($0) }))
        for row in table.rows {
            lines.append((row.line + offset, row.fields.map { $0.isEmpty ? Cell.empty : Cell.text($0) }))
        }
        try self.init(fileName: fileName, numberedRows: lines, dataDateLabel: dataDateLabel)
    }
}
