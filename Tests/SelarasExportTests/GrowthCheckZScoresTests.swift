import Foundation
import SelarasAnthro
import SelarasExport
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

/// The z-scores are computed once when the dataset is built (and kept packed for the rows and the
/// indicators): every `growth_checks` row must still show the WHO z-scores and flags of its own
/// measurement, as ``GrowthStandards/zScores(_:)`` computes them from the row's cells.
@Suite("growth_checks: each row's z-scores are those of its measurement")
struct GrowthCheckZScoresTests {
    @Test func rowsShowTheirOwnZScores() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let store = try Store.create(at: dir.child("store"), kelurahan: ShardedDatasetTests.kelurahans[0], label: "z")
        _ = try ShardedDatasetTests.record(into: store)
        let state = try ConsolidatedState(store: store, shards: 2)
        store.close()
        let standards = try GrowthStandards.bundled()
        // The office tier: its rows show the age in days the z-scores are computed at.
        var options = DatasetOptions(pseudonymKey: Array(repeating: 9, count: 32), asOf: SampleRecords.today)
        options.tier = .office
        let dataset = Dataset(state: state, standards: standards, options: options)
        let table = try #require(dataset.table("growth_checks"))
        let names = table.schema.columns.map(\.name)
        var rows: [[String: Cell]] = []
        table.forEachRow { rows.append(Dictionary(uniqueKeysWithValues: zip(names, $0))) }
        try #require(rows.count > 100)
        func number(_ c: Cell?) -> Double? { if case .decimal(let v, _) = c { v } else { nil } }
        func z(_ v: Double?) -> Cell { v.map { .decimal($0, decimals: 2) } ?? .null }
        var scored = 0
        for row in rows {
            guard case .integer(let age) = row["age_days"], case .text(let sex) = row["sex"] else { continue }
            let position: MeasuredPosition = switch row["position"] { case .text("lying"): .lying; case .text("standing"): .standing; default: .unknown }
            let r = standards.zScores(AnthroInput(
                sex: sex == "L" ? .male : .female, ageDays: Int(age), weightKg: number(row["weight_kg"]),
                lengthHeightCm: number(row["length_height_cm"]), position: position,
                headCircumferenceCm: number(row["head_cm"]), muacCm: number(row["muac_cm"]), oedema: row["oedema"] == .boolean(true)))
            let id = "\(row["check_id"] ?? .null)"
            #expect(row["waz"] == z(r.waz) && row["haz"] == z(r.haz) && row["whz"] == z(r.whz), "\(id)")
            #expect(row["baz"] == z(r.baz) && row["hcz"] == z(r.hcz) && row["acz"] == z(r.acz), "\(id)")
            #expect(row["flag_waz"] == .boolean(r.flagWaz) && row["flag_haz"] == .boolean(r.flagHaz)
                    && row["flag_whz"] == .boolean(r.flagWhz) && row["flag_baz"] == .boolean(r.flagBaz)
                    && row["flag_hcz"] == .boolean(r.flagHcz) && row["flag_acz"] == .boolean(r.flagAcz)
                    && row["position_flag"] == .boolean(r.positionFlag), "\(id)")
            if r.waz != nil { scored += 1 }
        }
        #expect(scored > 100)
    }
}
