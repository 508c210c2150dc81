import SelarasAnthro
import SelarasDashboard
import SelarasExport
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

@Suite struct MonthFiguresTests {
    @Test("MonthFigures made from the dataset's typed figures show the office indicators table's cells")
    func typedFiguresEqualTheTableCells() throws {
        let g = try GeneratedStore()
        defer { g.store.close(); g.directory.cleanup() }
        let state = try ConsolidatedState(store: g.store)
        var options = DatasetOptions(pseudonymKey: Array(repeating: 1, count: 32))
        options.tier = .office
        let dataset = Dataset(state: state, standards: try GrowthStandards.bundled(), options: options)
        let byKel = MonthFigures.byKelurahan(dataset.indicators)
        let table = try #require(dataset.table("indicators"))
        let names = table.schema.columns.map(\.name)
        var compared = 0
        table.forEachRow { cells in
            let row = Dictionary(uniqueKeysWithValues: zip(names, cells))
            guard let kel = Kelurahan(name: row["kelurahan"]!.text), let month = DashboardMonth(row["month"]!.text),
                  let f = byKel[kel]?[month] else {
                Issue.record("no figures for \(row["kelurahan"]!.text) \(row["month"]!.text)")
                return
            }
            #expect(f == MonthFigures(month: month, s: row["s"]!, d: row["d"]!, dOverS: row["d_over_s_pct"]!,
                                      measuredHAZ: row["measured_haz"]!, stunted: row["stunted"]!, stuntingPct: row["stunting_pct"]!))
            compared += 1
        }
        #expect(compared == table.rowCount && compared > 0)
        #expect(byKel.values.reduce(0) { $0 + $1.count } == table.rowCount)
    }
}
