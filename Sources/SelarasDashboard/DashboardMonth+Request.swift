import SelarasModel

extension DashboardMonth {
    /// The month the dashboard shows when none is asked for: the last complete month in
    /// Balikpapan (WITA, UTC+8), i.e. the month before `today`'s.
    /// - Parameter today: today's date in Balikpapan.
    public static func lastComplete(today: LocalDate = .today()) -> DashboardMonth {
        DashboardMonth(today).adding(months: -1)
    }

    /// The month a person asked for (`?month=` on the hub, `--month` on the command line), or the
    /// last complete month when none was given.
    /// - Parameters:
    ///   - text: the text given, nil or empty for the default.
    ///   - field: how the caller names the field in its sentence (`month`, `--month`).
    ///   - today: today's date in Balikpapan.
    /// - Throws: ``DashboardMonthError`` when the text is not `YYYY-MM` or names a month after this one.
    public static func requested(_ text: String?, field: String, today: LocalDate = .today()) throws(DashboardMonthError) -> DashboardMonth {
        guard let text, !text.isEmpty else { return lastComplete(today: today) }
        let current = DashboardMonth(today)
        guard let month = DashboardMonth(text) else {
            throw DashboardMonthError(code: .notAMonth, message: "\(field): '\(text.prefix(40))' is not a month YYYY-MM "
                                      + "(years 1900–2200, months 01–12)", value: text)
        }
        guard month <= current else {
            throw DashboardMonthError(code: .future, message: "\(field): '\(text)' has not begun yet in Balikpapan; allowed: a month "
                                      + "up to \(current)", value: text)
        }
        return month
    }
}
