import Foundation
import SelarasLog
import SelarasModel
import SelarasTestSupport
import Testing

/// Finding 5: a store that already holds events recorded at Int64.max or Int64.min (relayed
/// before bundles were checked) must still be readable: `log` and `show` print them.
@Suite("CLI: log and show with recorded times no calendar holds")
struct ExtremeRecordedAtTests {
    @Test("log, log --json and show print an event recorded at Int64.max or Int64.min without crashing")
    func extremeTimes() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        let s = try Store.open(at: store)
        let entity = try #require(EntityID(child))
        let name = try #require(RecordSchema.child.field(named: "name")).tag
        for (i, t) in [Int64.max, Int64.min].enumerated() {
            let head = s.versionVector[entity.origin.stream]
            _ = try s.record([.change(entity, context: [Dot(stream: entity.origin.stream, seq: head)],
                                      .correct(FieldMap([(name, .text("Siti Aminah \(i)"))]), reason: "uji"),
                                      author: "Bu Rina", recordedAt: t)])
        }
        s.close()
        let log = try cli.run(["log", "--store", store])
        #expect(log.status == 0, "\(log)")
        #expect(log.stdout.contains("\(Int64.max) ms since 1970") && log.stdout.contains("\(Int64.min) ms since 1970"), "\(log)")
        let json = try cli.run(["log", "--store", store, "--json"])
        #expect(json.status == 0, "\(json)")
        let show = try cli.run(["show", "--store", store, child])
        #expect(show.status == 0, "\(show)")
    }
}
