/// A calendar date without time zone (a birth date, a measurement date), stored as days since 1970-01-01.
///
/// Parsing and formatting use ISO 8601 `YYYY-MM-DD`; arithmetic is on whole days.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let daysSinceEpoch: Int32

    /// Creates a date from a day count since 1970-01-01.
    public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    /// Creates a date from year, month (1–12) and day (1–31); returns nil for an impossible date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(year: year, month: month),
              (1900...2200).contains(year) else { return nil }
        self.daysSinceEpoch = Int32(LocalDate.days(fromCivil: year, month, day))
    }

    /// Parses `YYYY-MM-DD`; returns nil when the text is not a real date.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Today's date in the given UTC offset (Balikpapan is UTC+8, WITA).
    /// - Parameter utcOffsetHours: hours to add to UTC.
    public static func today(utcOffsetHours: Int = 8) -> LocalDate {
        LocalDate(milliseconds: WallClock.nowMilliseconds(), utcOffsetHours: utcOffsetHours)
    }

    /// The date in the given UTC offset of a time in milliseconds since 1970 UTC; a time
    /// beyond the dates a `LocalDate` holds gives the first or last of them (never a trap).
    public init(milliseconds: Int64, utcOffsetHours: Int = 8) {
        let seconds = Int(milliseconds / 1000) + utcOffsetHours * 3600
        self.init(daysSinceEpoch: Int32(clamping: seconds.floorDiv(86_400)))
    }

    /// The year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        LocalDate.civil(fromDays: Int(daysSinceEpoch))
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let c = components
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    /// The first day of this date's month, as `YYYY-MM`.
    public var monthKey: String {
        let c = components
        return "\(pad(c.year, 4))-\(pad(c.month, 2))"
    }

    /// Whole days from `other` to `self`.
    public func days(since other: LocalDate) -> Int { Int(daysSinceEpoch) - Int(other.daysSinceEpoch) }

    /// This date moved by `days` days.
    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + Int32(days)) }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's civil-from-days algorithms (public domain).
    static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension Int {
    func floorDiv(_ d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
}
