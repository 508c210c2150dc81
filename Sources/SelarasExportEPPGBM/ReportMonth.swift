import SelarasModel

/// A calendar month as the office writes it: `YYYY-MM` or `MM/YYYY`.
public struct ReportMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year.
    public let year: Int
    /// The month, 1–12.
    public let month: Int

    /// Parses `YYYY-MM` or `MM/YYYY` (years 2000–2200); nil otherwise.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts: [Substring]
        let y: Substring, m: Substring
        if t.contains("/") {
            parts = t.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            (m, y) = (parts[0], parts[1])
        } else {
            parts = t.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            (y, m) = (parts[0], parts[1])
        }
        guard y.count == 4, (1...2).contains(m.count), y.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), m.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let yy = Int(y), let mm = Int(m), (2000...2200).contains(yy), (1...12).contains(mm) else { return nil }
        self.init(year: yy, month: mm)
    }

    /// A month from its parts (month 1–12).
    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// The month of a date.
    public init(_ date: LocalDate) {
        let c = date.components
        self.init(year: c.year, month: c.month)
    }

    /// `year * 12 + month`: consecutive months differ by one.
    public var index: Int { year * 12 + month }

    /// The month `n` months later (earlier when negative).
    public func adding(months n: Int) -> ReportMonth {
        let i = index - 1 + n
        return ReportMonth(year: i / 12, month: i % 12 + 1)
    }

    /// `YYYY-MM`.
    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    /// The month in Bahasa Indonesia (`Maret 2025`).
    public var indonesian: String {
        let names = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
        return "\(names[month - 1]) \(year)"
    }

    /// Whether a date lies in this month.
    public func contains(_ d: LocalDate) -> Bool { ReportMonth(d) == self }

    /// Whether a child born on `born` is 0–59 months old in this month (the rule of the
    /// `indicators` table's S: from the month of birth through 59 completed months).
    public func isUnderFive(born: LocalDate) -> Bool {
        let b = ReportMonth(born).index
        return index >= b && index <= b + 59 + (born.components.day > 1 ? 1 : 0)
    }

    /// Earlier month first.
    public static func < (a: ReportMonth, b: ReportMonth) -> Bool { a.index < b.index }

    /// The month's first day.
    public var firstDay: LocalDate {
        LocalDate(year: year, month: min(max(month, 1), 12), day: 1) ?? LocalDate(daysSinceEpoch: 0)
    }

    /// The month's last day (the day before the next month's first).
    public var lastDay: LocalDate { LocalDate(daysSinceEpoch: adding(months: 1).firstDay.daysSinceEpoch - 1) }
}
