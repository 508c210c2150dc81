import SelarasModel

/// The age at measurement as e-PPGBM writes it.
public enum EPPGBMAge {
    /// `X Tahun - Y Bulan - Z Hari`, as e-PPGBM writes the age at measurement.
    public static func text(born: LocalDate, on: LocalDate) -> String {
        let b = born.components
        let o = on.components
        var years = o.year - b.year
        var months = o.month - b.month
        var days = o.day - b.day
        if days < 0 {
            months -= 1
            let prevMonth = o.month == 1 ? 12 : o.month - 1
            let prevYear = o.month == 1 ? o.year - 1 : o.year
            days += LocalDate(year: o.year, month: o.month, day: 1)!.days(since: LocalDate(year: prevYear, month: prevMonth, day: 1)!)
        }
        if months < 0 { years -= 1; months += 12 }
        return "\(years) Tahun - \(months) Bulan - \(days) Hari"
    }
}
