import Foundation

extension LocalDate {
    /// Parses a date as people in Indonesia type it: day first, `dd/mm/yyyy` or `dd-mm-yyyy`
    /// (one- or two-digit day and month, four-digit year), or ISO 8601 `YYYY-MM-DD`.
    ///
    /// The one parser for every date a person types (CLI flags, CSV cells, forms, e-PPGBM files);
    /// `init?(_:)` stays the strict ISO form that stored and exported dates use.
    /// - Parameter text: the text, surrounding spaces ignored.
    /// - Returns: nil when the text is in none of these forms or is not a real date
    ///   (`31/02/2024`), or its year is outside the years a `LocalDate` holds (1900–2200).
    /// - Complexity: O(n) in the length of `text`.
    public init?(dayFirst text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let iso = LocalDate(t) { self = iso; return }
        guard t.utf8.count <= 10 else { return nil }
        let separator: Character = t.contains("/") ? "/" : "-"
        let parts = t.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
              parts[2].count == 4, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date of a spreadsheet day serial (Excel and LibreOffice, 1900 date system: serial 1 is
    /// 1900-01-01 and the phantom 1900-02-29 is counted, so serials from 61 on are one day ahead).
    ///
    /// - Parameter excelSerial: the serial; a fraction (a time of day) is dropped.
    /// - Returns: nil for a serial that is not finite, below 61 (before 1900-03-01), or past 2200.
    public init?(excelSerial: Double) {
        guard excelSerial.isFinite, excelSerial >= 61, excelSerial < 150_000 else { return nil }
        // Serial 25569 is 1970-01-01.
        let days = Int(excelSerial.rounded(.down)) - 25_569
        guard let date = LocalDate(year: 1970, month: 1, day: 1)?.adding(days: days),
              (1900...2200).contains(date.components.year) else { return nil }
        self = date
    }

    /// The date as `dd/mm/yyyy`, the form Indonesian forms print.
    public var dayFirstDescription: String {
        let c = components
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(c.day))/\(two(c.month))/\(c.year)"
    }
}
