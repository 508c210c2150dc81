import Foundation
import SelarasAnthro
import SelarasExport
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

/// The typed figures are what the `indicators` table is written from: read back by column name,
/// every written cell is the figure (office tier) or the figure with counts of 1–2 suppressed
/// (analyst tier), and the figures do not depend on the tier.
@Suite("Dataset.indicators: typed figures equal the indicators table")
struct IndicatorFiguresTests {
    @Test func figuresEqualTheTable() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let store = try Store.create(at: dir.child("store"), kelurahan: ShardedDatasetTests.kelurahans[0], label: "figures")
        _ = try ShardedDatasetTests.record(into: store)
        let state = try ConsolidatedState(store: store, shards: 2)
        store.close()
        var byTier: [ExportTier: [IndicatorFigures]] = [:]
        for tier in ExportTier.allCases {
            var options = DatasetOptions(pseudonymKey: Array(repeating: 9, count: 32), asOf: SampleRecords.today)
            options.tier = tier
            let dataset = Dataset(state: state, standards: try GrowthStandards.bundled(), options: options)
            let table = try #require(dataset.table("indicators"))
            let names = table.schema.columns.map(\.name)
            var rows: [[String: Cell]] = []
            table.forEachRow { rows.append(Dictionary(uniqueKeysWithValues: zip(names, $0))) }
            let figures = dataset.indicators
            try #require(rows.count == figures.count && figures.count > 20)
            #expect(figures.contains { $0.stunted > 0 } && figures.contains { $0.n > 0 })
            func count(_ n: Int) -> Cell { tier == .analyst && (1...2).contains(n) ? .null : .integer(Int64(n)) }
            for (row, f) in zip(rows, figures) {
                #expect(row["kelurahan"] == .text(f.kelurahan.name) && row["kecamatan"] == .text(f.kelurahan.kecamatan))
                #expect(row["month"] == .text(String(format: "%04d-%02d", f.year, f.month)))
                let pairs: [(String, Int)] = [("s", f.s), ("d", f.d), ("n", f.n), ("measured_haz", f.measuredHAZ),
                                              ("stunted", f.stunted), ("measured_whz", f.measuredWHZ), ("wasted", f.wasted),
                                              ("measured_waz", f.measuredWAZ), ("underweight", f.underweight),
                                              ("overweight", f.overweight)]
                for (name, value) in pairs { #expect(row[name] == count(value), "\(name) \(f.kelurahan.name) \(f.monthText)") }
                if tier == .office {
                    #expect(row["d_over_s_pct"] == (f.s > 0 ? .decimal(100 * Double(f.d) / Double(f.s), decimals: 1) : .null))
                    #expect(row["stunting_pct"] == (f.measuredHAZ > 0 ? .decimal(100 * Double(f.stunted) / Double(f.measuredHAZ), decimals: 1) : .null))
                }
            }
            byTier[tier] = figures
        }
        #expect(byTier[.analyst] == byTier[.office])
    }
}
