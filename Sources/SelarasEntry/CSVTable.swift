/// A CSV file parsed per RFC 4180, remembering the physical line where each record starts
/// (so that errors can say `FILE:LINE`).
///
/// Hand-written rather than taken from a CSV package because every record's starting line,
/// the `;` separator that spreadsheets in the Indonesian locale write, and a UTF-8 byte-order
/// mark all had to be handled and the packages here expose none of the three.
public struct CSVTable: Sendable {
    /// One record: the line it starts on (1-based) and its fields.
    public struct Row: Sendable {
        /// Physical line of the record's first character.
        public let line: Int
        /// The fields, unquoted.
        public let fields: [String]
    }

    /// The header row's fields.
    public let header: [String]
    /// The line of the header.
    public let headerLine: Int
    /// The data rows (blank lines skipped).
    public let rows: [Row]

    /// Parses CSV text. The separator is `,` unless the header line holds more `;` than `,`.
    /// - Throws: ``EntryError`` for an unterminated quote or a file with no header.
    public init(text: String, fileName: String) throws(EntryError) {
        var t = Substring(text)
        if t.first == "\u{FEFF}" { t = t.dropFirst() }
        // The header decides the separator; blank lines before it do not count.
        let firstLine = t.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .first { !$0.allSatisfy { $0 == " " || $0 == "\t" } } ?? ""
        let sep: Character = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        var records: [Row] = []
        var field = ""
        var fields: [String] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 0
        var i = t.startIndex
        var fieldStarted = false
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldStarted) { records.append(Row(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            fieldStarted = false
        }
        while i < t.endIndex {
            let c = t[i]
            if inQuotes {
                if c == "\"" {
                    let n = t.index(after: i)
                    if n < t.endIndex, t[n] == "\"" { field.append("\""); i = t.index(after: n); continue }
                    inQuotes = false
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c == "\r\n" ? "\n" : c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
                quoteLine = line
                fieldStarted = true
            } else if c == sep {
                fields.append(field)
                field = ""
                fieldStarted = true
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                endRecord()
                line += 1
                recordLine = line
            } else {
                field.append(c)
                fieldStarted = true
            }
            i = t.index(after: i)
        }
        if inQuotes { throw EntryError(.unreadable, ["\(fileName):\(quoteLine): a quoted field is never closed"]) }
        if !field.isEmpty || !fields.isEmpty || fieldStarted { endRecord() }
        // Spreadsheets save rows they once formatted as separators only (`;;;`): not data.
        records.removeAll { $0.fields.allSatisfy { $0.trimmingCharacters(in: " \t").isEmpty } }
        guard let head = records.first else { throw EntryError(.unreadable, ["\(fileName): the file is empty; the first line must name the columns"]) }
        // Excel writes empty columns after the last named one; they are not columns.
        var names = head.fields.map { $0.trimmingCharacters(in: " \t") }
        while names.count > 1, names.last == "" { names.removeLast() }
        header = names
        headerLine = head.line
        rows = records.dropFirst().map { Self.withoutTrailingEmpty($0, columns: names.count) }
    }

    /// A row cut to `columns` fields when every field beyond them is empty.
    static func withoutTrailingEmpty(_ row: Row, columns: Int) -> Row {
        guard row.fields.count > columns,
              row.fields[columns...].allSatisfy({ $0.trimmingCharacters(in: " \t").isEmpty }) else { return row }
        return Row(line: row.line, fields: Array(row.fields.prefix(columns)))
    }
}
