import Foundation
import SelarasAnthro
@testable import SelarasExport
import SelarasExporters
import SelarasLog
@testable import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

/// The dataset is built shard by shard on all cores, taking each shard's checks in the order
/// the fold met them when that is id order (and sorting them when not): the exported bytes
/// must not depend on how many shards the state has (it depends on the machine), nor on the
/// order the events were folded in.
@Suite("Dataset from a sharded state")
struct ShardedDatasetTests {
    static let kelurahans = [Kelurahan(name: "Manggar")!, Kelurahan(name: "Sepinggan")!]

    /// Records into a real store: 40 children in two kelurahan streams, 1,200 monthly checks
    /// (some standing under 9 months, some without weight, some far off the standards), a
    /// voided check, a same-as decision merging two children, and concurrent corrections of
    /// one check's weight (a conflict). Returns every event recorded.
    static func record(into store: Store) throws -> [Event] {
        var events: [Event] = []
        var children: [EntityID] = []
        for (k, kel) in kelurahans.enumerated() {
            let made = try store.record((0..<20).map { n in
                .create(.child, FieldMap([
                    (3, .text("Anak \(k)-\(n)")), (4, .text(n % 2 == 0 ? "L" : "P")),
                    (5, .date(LocalDate(year: 2022, month: 1 + n % 12, day: 1 + n % 27)!)),
                    (14, .text(kel.name)), (15, .text("Posyandu \(n % 3)")),
                ]), kelurahanCode: kel.code, author: "Bu Rina", recordedAt: SampleRecords.recordedAt + Int64(n))
            }, durability: .batch)
            events += made
            children += made.map(\.entity)
        }
        var checks: [EventDraft] = []
        for i in 0..<1_200 {
            let slot = i % children.count, month = i / children.count
            let date = LocalDate(year: 2022 + month / 12, month: 1 + month % 12, day: 1 + (i * 7) % 28)!
            var fields: [(UInt8, FieldValue)] = [
                (1, .reference(children[slot])), (2, .date(date)),
                (4, .number(Int64(500 + month * 20 + (i * 13) % 90))), (5, .text(i % 5 == 0 ? "standing" : "lying")),
                (6, .number(Int64(350 + (i * 11) % 150))), (7, .number(Int64(100 + (i * 3) % 120))),
                (12, .text("Bu Rina")), (13, .text("Posyandu \(slot % 3)")),
            ]
            if i % 17 != 0 { fields.append((3, .number(Int64(i % 23 == 0 ? 390 : 40 + month * 3 + (i * 7) % 40)))) }
            if i % 29 == 0 { fields.append((8, .bool(true))) }
            checks.append(.create(.growthCheck, FieldMap(fields), kelurahanCode: children[slot].origin.stream.kelurahanCode,
                                  author: "Bu Rina", recordedAt: SampleRecords.recordedAt + Int64(i)))
        }
        let made = try store.record(checks, durability: .batch)
        events += made
        let voided = made[5].entity, conflicted = made[8].entity
        events += try store.record([
            SampleRecords.voidDraft(of: voided, context: [voided.origin]),
            .change(children[0], context: [children[0].origin], .link(children[1], same: true, reason: "same child"), author: "Bu Rina",
                    recordedAt: SampleRecords.recordedAt),
        ], durability: .batch)
        for weight: Int64 in [101, 102] {
            events += try store.record([.change(conflicted, context: [conflicted.origin], .correct(FieldMap([(3, .number(weight))]), reason: "re-weighed"),
                                                author: "Bu Rina", recordedAt: SampleRecords.recordedAt)], durability: .batch)
        }
        return events
    }

    func export(_ state: ConsolidatedState, tier: ExportTier, to dir: String) throws -> [String: Data] {
        var options = DatasetOptions(pseudonymKey: Array(repeating: 9, count: 32), asOf: SampleRecords.today)
        options.tier = tier
        let dataset = Dataset(state: state, standards: try GrowthStandards.bundled(), options: options)
        let exporter = try #require(ExporterRegistry.exporter(for: "csv.gz"))
        _ = try ExportRunner.run(exporter, dataset: dataset, directory: dir)
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) { files[name] = try bytes(dir + "/" + name) }
        return files
    }

    @Test("one shard, three shards, or the events folded in reverse: the same csv.gz bytes", arguments: [ExportTier.analyst, .office])
    func shardCountDoesNotShow(tier: ExportTier) throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let store = try Store.create(at: dir.child("store"), kelurahan: Self.kelurahans[0], label: "shards")
        let events = try Self.record(into: store)
        let one = try ConsolidatedState(store: store, shards: 1)
        let three = try ConsolidatedState(store: store, shards: 3)
        store.close()
        var reversed = ConsolidatedState()
        for e in events.reversed() { reversed.apply(e) }
        #expect(three.shardCount == 3)
        let a = try export(one, tier: tier, to: dir.child("one"))
        let b = try export(three, tier: tier, to: dir.child("three"))
        let c = try export(reversed, tier: tier, to: dir.child("reversed"))
        #expect(a.keys.sorted() == b.keys.sorted() && a.keys.sorted() == c.keys.sorted())
        for (name, data) in a {
            #expect(b[name] == data, "\(name): three shards differ from one")
            #expect(c[name] == data, "\(name): reverse fold differs")
        }
        // The export really holds the checks (all but the voided one), the merged child and the conflict.
        let dataset = Dataset(state: three, standards: try GrowthStandards.bundled(), options: DatasetOptions(pseudonymKey: Array(repeating: 9, count: 32), asOf: SampleRecords.today))
        #expect(dataset.table("growth_checks")?.rowCount == 1_199)
        #expect(dataset.table("children")?.rowCount == 39)
        #expect(dataset.table("conflicts")?.rowCount == 1)
    }

    @Test("shards whose records are out of id order (folded backwards, three shards) give the same bytes")
    func shardsOutOfOrder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let store = try Store.create(at: dir.child("store"), kelurahan: Self.kelurahans[0], label: "shards")
        let events = try Self.record(into: store)
        let one = try ConsolidatedState(store: store, shards: 1)
        store.close()
        // Three shards, each folded newest event first: every shard's records are in reverse
        // id order, so each region is sorted before the regions are merged.
        var tables = [EntityTable](repeating: EntityTable(), count: 3)
        for e in events.reversed() {
            tables[ConsolidatedState.shard(of: e.entity.origin, count: 3)].update(e.entity) { $0.apply(e) }
        }
        let backwards = ConsolidatedState(shards: tables, eventCount: events.count)
        #expect(tables.allSatisfy { $0.count > 100 }, "every shard holds records")
        for tier in [ExportTier.analyst, .office] {
            let a = try export(one, tier: tier, to: dir.child("one-\(tier)"))
            let b = try export(backwards, tier: tier, to: dir.child("backwards-\(tier)"))
            #expect(a.keys.sorted() == b.keys.sorted())
            for (name, data) in a { #expect(b[name] == data, "\(name): backwards shards differ") }
        }
    }
}
