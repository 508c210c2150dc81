import SelarasAnthro
import SelarasDashboard
import SelarasExport
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

@Suite struct TrendWindowTests {
    /// The snapshot computes only the 12 months it shows; its figures must be those of a dataset
    /// of every month (the indicators before this change), kelurahan by kelurahan, month by month.
    @Test("the snapshot's figures, computed from the 12 months shown, equal those of the whole dataset",
          arguments: ["2024-10", "2025-03", "2025-09", "2024-02"])
    func windowEqualsWholeDataset(_ monthText: String) throws {
        let g = try GeneratedStore()
        defer { g.store.close(); g.directory.cleanup() }
        let month = try #require(DashboardMonth(monthText))
        let state = try ConsolidatedState(store: g.store)
        let standards = try GrowthStandards.bundled()
        let key = [UInt8](repeating: 7, count: 32)
        let taken = Int64(1_764_000_000_000)
        let snap = DashboardSnapshot(state: state, versionVector: g.store.versionVector, waiting: [], replicaLabel: "office",
                                     replicaKelurahan: GeneratedStore.kelurahan[0], devices: nil, month: month,
                                     standards: standards, pseudonymKey: key, takenAt: taken)
        var options = DatasetOptions(pseudonymKey: key, asOf: LocalDate(milliseconds: taken))
        options.tier = .office
        let whole = MonthFigures.byKelurahan(Dataset(state: state, standards: standards, options: options).indicators)
        var nonEmpty = 0
        for line in snap.kelurahan {
            for (m, shown) in zip(month.trailing(12), line.trend) {
                let expected = whole[line.kelurahan]?[m] ?? MonthFigures(empty: m)
                #expect(shown == expected, "\(line.kelurahan.name) \(m)")
                if shown != MonthFigures(empty: m) { nonEmpty += 1 }
            }
            #expect(line.current == (whole[line.kelurahan]?[month] ?? MonthFigures(empty: month)))
        }
        // The window holds data for every month but the one wholly before the generated months.
        if monthText != "2024-02" { #expect(nonEmpty > 0) }
    }

    @Test("a month's first and last day", arguments: [(2024, 2, "2024-02-01", "2024-02-29"), (2025, 12, "2025-12-01", "2025-12-31"),
                                                     (2023, 4, "2023-04-01", "2023-04-30")])
    func monthDays(_ y: Int, _ m: Int, _ first: String, _ last: String) throws {
        let month = try #require(DashboardMonth(year: y, month: m))
        #expect(month.firstDay?.description == first)
        #expect(month.lastDay?.description == last)
    }
}
