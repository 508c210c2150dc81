import SelarasEntry
import SelarasModel

/// A sheet read through the column map: per row, the child's and the check's fields as
/// Selaras names them (texts in the forms the schema parses: ISO dates, digits-only NIK,
/// canonical choices) and the statuses and z-scores the file itself states.
public struct EPPGBMRows: Sendable {
    /// The rows that could be read, in file order.
    public let rows: [ChildCheckImport.Row]
    /// Per row of ``rows``: what the file states, by indicator (`wfa`, `waz`, `hfa`, `haz`, `wfh`, `whz`).
    public let stated: [[String: String]]
    /// Per row of ``rows``: the spreadsheet row number.
    public let rowNumbers: [Int]
    /// Headers that are not in the column map (left out, and named).
    public let unknownColumns: [String]
    /// Headers the map knows but Selaras does not keep.
    public let ignoredColumns: [String]
    /// `FILE:ROW: column 'X': 'value' …` for every cell that cannot be read, and missing columns.
    public let problems: [String]
    /// Field name → `column 'Berat'`, for messages.
    public let labels: [String: String]

    /// Columns without which a row cannot be a child with a check.
    static let requiredTargets = ["child.name", "child.sex", "child.born", "child.kelurahan", "check.measured_on"]

    /// Reads every row.
    public init(sheet: EPPGBMSheet, map: EPPGBMColumnMap) {
        var columns: [(index: Int, column: EPPGBMColumnMap.Column)] = []
        var unknown: [String] = []
        var ignored: [String] = []
        var problems: [String] = []
        var labels: [String: String] = [:]
        for (i, h) in sheet.header.enumerated() where !h.isEmpty {
            guard let c = map.column(header: h) else { unknown.append(h); continue }
            if c.isIgnored { ignored.append(h); continue }
            columns.append((i, c))
            for t in c.targets { labels[String(t.split(separator: ".").last!)] = "column '\(h)'" }
        }
        for t in Self.requiredTargets where !columns.contains(where: { $0.column.targets.contains(Substring(t)) }) {
            let h = map.columns.first { $0.targets.contains(Substring(t)) }?.header ?? t
            problems.append("\(sheet.fileName):\(sheet.headerRow): the header has no column '\(h)'; an e-PPGBM download has: \(map.columns.map(\.header).joined(separator: ", "))")
        }
        var rows: [ChildCheckImport.Row] = []
        var stated: [[String: String]] = []
        var numbers: [Int] = []
        if problems.isEmpty {
            for row in sheet.rows {
                let place = "\(sheet.fileName):\(row.number)"
                var child: [(name: String, text: String)] = []
                var check: [(name: String, text: String)] = []
                var file: [String: String] = [:]
                var bad = false
                for (i, c) in columns {
                    let cell = row.cells[i]
                    let text: String
                    switch EPPGBMCellReader.read(cell, as: c) {
                    case .success(let t): text = t
                    case .failure(let why):
                        problems.append("\(place): column '\(sheet.header[i])': '\(cell.raw)' \(why)")
                        bad = true
                        continue
                    }
                    for t in c.targets {
                        let parts = t.split(separator: ".", maxSplits: 1)
                        let name = String(parts[1])
                        switch parts[0] {
                        case "child": child.append((name, text))
                        case "check": check.append((name, text))
                        default: if !text.isEmpty { file[name] = text }
                        }
                    }
                }
                if bad { continue }
                rows.append(ChildCheckImport.Row(place: place, child: child, check: check))
                stated.append(file)
                numbers.append(row.number)
            }
        }
        self.rows = rows
        self.stated = stated
        self.rowNumbers = numbers
        self.unknownColumns = unknown
        self.ignoredColumns = ignored
        self.problems = problems
        self.labels = labels
    }
}
