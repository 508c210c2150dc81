import SelarasModel

/// A downloaded e-PPGBM sheet as cells, before any interpretation: the `Data Tanggal` date,
/// the header and each row with its spreadsheet row number (the line of a CSV, the row of an
/// xlsx), so that every message can name the file, row and column.
public struct EPPGBMSheet: Sendable {
    /// One cell as the file holds it.
    public enum Cell: Sendable, Hashable {
        /// No value.
        case empty
        /// Text (a CSV field, an xlsx string).
        case text(String)
        /// An xlsx number, as written in the file (`6471010101010001`, `8.4`, `45672`).
        case number(String)

        /// The cell's text as a person would read it.
        public var raw: String {
            switch self {
            case .empty: ""
            case .text(let s), .number(let s): s
            }
        }
    }

    /// One data row.
    public struct Row: Sendable {
        /// The spreadsheet row (1-based, as Excel and the CSV's line number count).
        public let number: Int
        /// The cells, one per header column (missing trailing cells are empty).
        public let cells: [Cell]
    }

    /// The file's name, for messages.
    public let fileName: String
    /// The `Data Tanggal` date of the first line, when the file has one.
    public let dataDate: LocalDate?
    /// The header's cells, trimmed.
    public let header: [String]
    /// The header's row number.
    public let headerRow: Int
    /// The data rows (blank rows skipped).
    public let rows: [Row]

    /// Assembles a sheet from rows of cells: finds the `Data Tanggal` line and the header (the
    /// first row that is neither blank nor that line), drops blank rows.
    /// - Throws: ``EPPGBMError`` when there is no header, or the `Data Tanggal` date is not a date.
    public init(fileName: String, numberedRows: [(number: Int, cells: [Cell])], dataDateLabel: String) throws(EPPGBMError) {
        self.fileName = fileName
        var date: LocalDate? = nil
        var header: [String]? = nil
        var headerRow = 0
        var rows: [Row] = []
        let label = EPPGBMColumnMap.fold(dataDateLabel)
        for (number, cells) in numberedRows {
            let texts = cells.map { $0.raw.trimmingCharacters(in: .whitespaces) }
            if texts.allSatisfy(\.isEmpty) { continue }
            if let header {
                var c = Array(cells.prefix(header.count))
                if c.count < header.count { c += Array(repeating: .empty, count: header.count - c.count) }
                rows.append(Row(number: number, cells: c))
                continue
            }
            let joined = texts.filter { !$0.isEmpty }.joined(separator: " ")
            if EPPGBMColumnMap.fold(joined).hasPrefix(label) {
                let value = joined.drop { $0 != ":" }.dropFirst().trimmingCharacters(in: .whitespaces)
                guard let d = LocalDate(dayFirst: value) ?? Double(value).flatMap({ LocalDate(excelSerial: $0) }) else {
                    throw EPPGBMError(.unreadable, "\(fileName):\(number): '\(dataDateLabel)' is followed by '\(value)', which is not a date (dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd)")
                }
                date = d
                continue
            }
            var names = texts
            while names.count > 1, names.last == "" { names.removeLast() }
            header = names
            headerRow = number
        }
        guard let header else { throw EPPGBMError(.unreadable, "\(fileName): has no header row (No, NIK, Nama, …)") }
        self.dataDate = date
        self.header = header
        self.headerRow = headerRow
        self.rows = rows
    }
}
