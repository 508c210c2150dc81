import SelarasModel

/// A calendar month (`YYYY-MM`), the period the dashboard's S, D, D/S and stunting figures are for.
public struct DashboardMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year (1900–2200).
    public let year: Int
    /// The month, 1–12.
    public let month: Int

    /// Creates a month; nil when `month` is not 1–12 or the year is outside 1900–2200.
    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1900...2200).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`; nil when the text is not a month.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    /// The month a date falls in.
    public init(_ date: LocalDate) {
        let c = date.components
        year = c.year
        month = c.month
    }

    /// `YYYY-MM`, as the `month` column of the `indicators` export writes it.
    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    /// This month moved by `months` (negative for earlier months).
    public func adding(months: Int) -> DashboardMonth {
        // Years are 1900–2200, so the month index stays positive for any sensible move.
        let index = year * 12 + (month - 1) + months
        return DashboardMonth(uncheckedYear: index / 12, month: index % 12 + 1)
    }

    /// The `count` months ending with this one, oldest first.
    public func trailing(_ count: Int) -> [DashboardMonth] {
        (0..<count).reversed().map { adding(months: -$0) }
    }

    /// The month's first day.
    public var firstDay: LocalDate? { LocalDate(year: year, month: month, day: 1) }

    /// The month's last day (the day before the next month's first).
    public var lastDay: LocalDate? {
        adding(months: 1).firstDay.map { LocalDate(daysSinceEpoch: $0.daysSinceEpoch - 1) }
    }

    /// Earlier months first.
    public static func < (a: DashboardMonth, b: DashboardMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    private init(uncheckedYear: Int, month: Int) {
        year = uncheckedYear
        self.month = month
    }
}
