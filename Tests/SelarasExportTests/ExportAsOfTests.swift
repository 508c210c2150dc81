import SelarasAnthro
import SelarasExport
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

/// The export's reference date is its own "as of" date (finding 11, build item 6): one laptop
/// whose clock runs years ahead must not move any child's age in the office's exports.
@Suite("Export: the as-of date")
struct ExportAsOfTests {
    /// A laptop whose clock runs five years ahead: its check of Budi (the fixture's second
    /// child) is dated, and recorded, five years after the fixture's today.
    static func fastClockEvent() -> Event {
        let stream = StreamID(origin: ReplicaID(rawValue: 0xfa57), kelurahanCode: Fixture.stream.kelurahanCode)
        let budi = EntityID(kind: .child, origin: Dot(stream: Fixture.stream, seq: 2))
        let fiveYears: Int64 = 5 * 365 * 86_400_000
        let draft = EventDraft.create(.growthCheck,
                                      SampleRecords.growthCheck(child: budi, measured: LocalDate(year: 2030, month: 3, day: 10)!,
                                                                weightTenths: 160, lengthTenths: 1_050, position: "standing"),
                                      kelurahanCode: stream.kelurahanCode, author: "Bu Ahead",
                                      recordedAt: SampleRecords.recordedAt + fiveYears)
        return draft.event(at: Dot(stream: stream, seq: 1), previousHash: .zero)
    }

    static func dataset(_ state: ConsolidatedState, _ tier: ExportTier, asOf: LocalDate) throws -> Dataset {
        var options = DatasetOptions(pseudonymKey: Array(repeating: 0x5a, count: 32), asOf: asOf)
        options.tier = tier
        return Dataset(state: state, standards: try GrowthStandards.bundled(), options: options)
    }

    static func rows(_ dataset: Dataset, _ table: String) throws -> [[Cell]] {
        var out: [[Cell]] = []
        try #require(dataset.table(table)).forEachRow { out.append($0) }
        return out
    }

    /// Each child's `age_months`, by child id cell.
    static func ages(_ dataset: Dataset) throws -> [Cell: Cell] {
        let table = try #require(dataset.table("children"))
        let id = try #require(table.schema.columns.firstIndex { $0.name == "child_id" })
        let age = try #require(table.schema.columns.firstIndex { $0.name == "age_months" })
        var out: [Cell: Cell] = [:]
        table.forEachRow { out[$0[id]] = $0[age] }
        return out
    }

    @Test("a check dated and recorded five years ahead by one laptop changes no child's age, in either tier",
          arguments: ExportTier.allCases)
    func fastClockChangesNoAge(tier: ExportTier) throws {
        let fixture = Fixture()
        let without = fixture.state()
        var with = fixture.state()
        with.apply(Self.fastClockEvent())
        let asOf = SampleRecords.today
        let before = try Self.dataset(without, tier, asOf: asOf), after = try Self.dataset(with, tier, asOf: asOf)
        // The laptop's check is in the export (so the store really holds it)…
        #expect(try Self.rows(after, "growth_checks").count == (try Self.rows(before, "growth_checks").count) + 1)
        // …and the children table, ages included, is the same cell for cell.
        #expect(try Self.rows(after, "children") == (try Self.rows(before, "children")))
        // Budi, born 2022-11-03, is 28 months old on 2025-03-15 (in both readings of age).
        let ages = try Self.ages(after)
        #expect(ages.values.contains(.integer(28)), "\(ages)")
        #expect(!ages.values.contains { if case .integer(let m) = $0 { m > 60 } else { false } }, "\(ages)")
    }

    @Test("the as-of date moves the children's ages and nothing else; the same as-of gives the same rows")
    func asOfIsTheReferenceDate() throws {
        let state = Fixture().state()
        for tier in ExportTier.allCases {
            let march = try Self.dataset(state, tier, asOf: LocalDate(year: 2025, month: 3, day: 15)!)
            let april = try Self.dataset(state, tier, asOf: LocalDate(year: 2025, month: 4, day: 15)!)
            let again = try Self.dataset(state, tier, asOf: LocalDate(year: 2025, month: 3, day: 15)!)
            let a = try Self.ages(march), b = try Self.ages(april)
            #expect(a.count == 2 && a.keys == b.keys)
            for (child, age) in a {
                guard case .integer(let m) = age, case .integer(let n) = b[child] else {
                    Issue.record("\(tier): no age for \(child)")
                    continue
                }
                #expect(n == m + 1, "\(tier) \(child): \(m) then \(n)")
            }
            for table in ["growth_checks", "house_surveys", "conflicts", "indicators"] {
                #expect(try Self.rows(march, table) == (try Self.rows(april, table)), "\(tier) \(table)")
            }
            for table in march.tables.map(\.schema.name) {
                #expect(try Self.rows(march, table) == (try Self.rows(again, table)), "\(tier) \(table)")
            }
            #expect(march.options.summary.contains("as of: 2025-03-15"))
        }
    }
}
