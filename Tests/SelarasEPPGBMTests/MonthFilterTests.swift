import Foundation
import SelarasExport
import SelarasExportEPPGBM
import SelarasModel
import Testing

/// The month export filters first: the dataset finds a month's growth-check rows from the dates
/// it holds, and only those rows are computed; the result is the month's part of the whole.
@Suite struct MonthFilterTests {
    @Test("a month's rows are exactly the checks measured in it, and its records equal the month's part of all records")
    func monthRowsAreTheMonthsPartOfTheWhole() throws {
        let h = try ImportHarness()
        try h.importFile(try h.fixture("download.xlsx"))
        let dataset = try EPPGBMExportTests.dataset(h)
        let table = try #require(dataset.table("growth_checks"))
        let dateColumn = try #require(table.schema.columns.firstIndex { $0.name == "measured_on" })
        var dates: [LocalDate] = []
        table.forEachRow { row in if case .date(let d) = row[dateColumn] { dates.append(d) } }
        #expect(dates.count == table.rowCount)
        let months = Set(dates.map(ReportMonth.init)).sorted()
        #expect(months.count >= 2, "the fixture spans several months")
        let all = MonthlyRecords(dataset, month: nil, posyandu: nil)
        func key(_ c: MonthlyRecords.Check) -> [String] {
            [c.text("check_id"), c.date.description, c.text("growth"), c.text("bbu"), c.number("waz").map { "\($0)" } ?? ""]
        }
        for m in months + [months[0].adding(months: -1)] {
            let rows = dataset.growthCheckRows(measuredFrom: m.firstDay, through: m.lastDay)
            #expect(rows == dates.indices.filter { m.contains(dates[$0]) }, "\(m)")
            let monthly = MonthlyRecords(dataset, month: m, posyandu: nil)
            #expect(monthly.checks.map(key) == all.checks.filter { m.contains($0.date) }.map(key), "\(m)")
            #expect(monthly.children.count == all.children.count, "S needs every child")
        }
        // A range of months (the report's 12-month trend) is the union of its months.
        let range = months[0]...months[months.count - 1]
        #expect(MonthlyRecords(dataset, months: range, posyandu: nil).checks.map(key) == all.checks.map(key))
    }

    @Test("a month's first and last day", arguments: [("2024-02", "2024-02-01", "2024-02-29"), ("2025-02", "2025-02-01", "2025-02-28"),
                                                     ("2025-04", "2025-04-01", "2025-04-30"), ("2025-12", "2025-12-01", "2025-12-31")])
    func monthDays(_ month: String, _ first: String, _ last: String) throws {
        let m = try #require(ReportMonth(month))
        #expect(m.firstDay.description == first)
        #expect(m.lastDay.description == last)
    }
}
