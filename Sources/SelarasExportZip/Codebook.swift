import Foundation
import SelarasExport

/// `codebook.md`: every table and column with its type and meaning, and the tier note.
enum Codebook {
    static func markdown(_ tables: [WrittenTable], options: DatasetOptions) -> String {
        var s = "# Selaras data package: codebook\n\n"
        s += "Posyandu growth checks and RTLH house surveys from Balikpapan, consolidated by Selaras.\n\n"
        s += "## Tier: \(options.tier.rawValue)\n\n\(options.tier.note)\n\n"
        s += "Filters: \(filterLine(options)).\n\n"
        s += "## Files\n\n"
        s += "- `data/TABLE.csv`: one file per table; RFC 4180 CSV, UTF-8, CRLF line ends, header row first; "
        s += "an empty field is a missing value; booleans are 0/1; dates are ISO 8601 (YYYY-MM-DD); "
        s += "ids, NIK and other numbers-as-names are text.\n"
        s += "- `datapackage.json`: the Frictionless Data Package descriptor (`frictionless validate datapackage.json`).\n"
        s += "- `SHA256SUMS`: checksums of the other files (`sha256sum -c SHA256SUMS`).\n\n"
        for t in tables {
            s += "## \(t.schema.name)\n\n\(cell(t.schema.description)) `\(t.path)`, \(t.rows) rows.\n\n"
            s += "| Column | Type | Meaning | Values |\n|---|---|---|---|\n"
            for c in t.schema.columns {
                let type = c.kind == .boolean ? "boolean (0/1)" : c.kind.rawValue
                var meaning = cell(c.description)
                if c.identifying { meaning += " (identifying: office tier only)" }
                let values = c.categories.map { $0.map { "`\(cell($0))`" }.joined(separator: ", ") } ?? ""
                s += "| `\(c.name)` | \(type) | \(meaning) | \(values) |\n"
            }
            s += "\n"
        }
        return s
    }

    /// Text safe inside a Markdown table cell.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
