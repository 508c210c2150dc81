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
        let firstLine = t.prefix { $0 != "\n" && $0 != "\r\n" }
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
        guard let head = records.first else { throw EntryError(.unreadable, ["\(fileName): the file is empty; the first line must name the columns"]) }
        header = head.fields.map { $0.trimmingCharacters(in: " \t") }
        headerLine = head.line
        rows = Array(records.dropFirst())
    }
}
