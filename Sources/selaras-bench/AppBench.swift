import ArgumentParser
import Foundation
import SelarasApp
import SelarasLog
import SelarasModel

/// `selaras-bench app`: the cadre's app on a big store — start time and memory, and p50/p99 of
/// search, the child page with its KMS chart, and save-a-check (acknowledged) against a bare
/// durable append on the same store (see ``compareSaves(_:ids:)``). Pages are timed as the
/// app's handlers (render included), not over HTTP.
struct AppBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app", abstract: "The cadre's app on a big store: start, memory, search, child page, save-a-check.")
    @Option(help: "Children in the store.") var children = 50_000
    @Option(help: "Events in the store (children + growth checks).") var events = 1_000_000
    @Option(help: "Requests timed per figure.") var requests = 200
    @Option(help: "Working directory (default: a new one under /tmp).") var dir: String?
    @Option(help: "Saves timed, interleaved with as many bare durable appends (after \(Self.warmUp) of each not counted).")
    var saves = 1000

    func run() async throws {
        let work = dir ?? NSTemporaryDirectory() + "selaras-app-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let path = work + "/store"
        let kel = Kelurahan(name: "Manggar")!
        let store = try Store.create(at: path, kelurahan: kel, label: "bench")
        let t0 = Measure.now()
        let first = ["Siti", "Budi", "Ahmad", "Dewi", "Nur", "Rizky", "Putri", "Agus", "Fitri", "Andi", "Sri", "Joko", "Ayu", "Dian", "Eko"]
        let last = ["Aminah", "Santoso", "Fauzi", "Lestari", "Hidayah", "Pratama", "Wahyuni", "Saputra", "Rahmawati", "Kurniawan", "Handayani"]
        var ids: [EntityID] = []
        var drafts: [EventDraft] = []
        for i in 0..<children {
            let fields = FieldMap([
                (FieldKey.Child.name, .text("\(first[i % first.count]) \(last[(i / first.count) % last.count]) \(i)")),
                (FieldKey.Child.sex, .text(i % 2 == 0 ? "P" : "L")),
                (FieldKey.Child.born, .date(LocalDate(year: 2021 + i % 4, month: 1 + i % 12, day: 1 + i % 28)!)),
                (FieldKey.Child.mother, .text("Ibu \(last[i % last.count]) \(i % 997)")),
                (FieldKey.Child.nik, .text(String(6471_0000_0000_0000 + i))),
                (FieldKey.Child.posyandu, .text("Melati \(i % 40)")),
            ])
            drafts.append(.create(.child, fields, kelurahanCode: kel.code, author: "bench"))
            if drafts.count == 10_000 { ids += try store.record(drafts, durability: .batch).map(\.entity); drafts = [] }
        }
        if !drafts.isEmpty { ids += try store.record(drafts, durability: .batch).map(\.entity); drafts = [] }
        for i in 0..<max(events - children, 0) {
            drafts.append(SampleEvents.check(i, kelurahan: kel.code, child: ids[i % ids.count]))
            if drafts.count == 20_000 { try store.record(drafts, durability: .batch); drafts = [] }
        }
        if !drafts.isEmpty { try store.record(drafts, durability: .batch) }
        store.close()
        print("selaras-bench app — \(children) children, \(events) events, in \(work) (built in \(Measure.fmt(Measure.now() - t0, 1)) s)")

        let rssBefore = Measure.residentMemoryMiB()
        let s0 = Measure.now()
        let pages = try await Pages.bundled()
        let app = try CadreApp(directory: path, author: "bench", pages: pages, today: LocalDate(year: 2025, month: 6, day: 15)!)
        let start = Measure.now() - s0
        print("start (templates, open, fold, indexes)   \(Measure.fmt(start * 1000, 0)) ms")
        print("memory after start                       \(Measure.fmt(Measure.residentMemoryMiB(), 1)) MiB resident (\(Measure.fmt(rssBefore, 1)) MiB before), peak \(Measure.fmt(Measure.peakMemoryMiB(), 1)) MiB")

        func report(_ name: String, _ times: [Double]) {
            let s = times.sorted()
            let p = { (q: Double) in s[min(s.count - 1, Int(Double(s.count) * q))] * 1000 }
            print("\(name.padding(toLength: 40, withPad: " ", startingAt: 0)) p50 \(Measure.fmt(p(0.5), 2)) ms  p99 \(Measure.fmt(p(0.99), 2)) ms  (\(s.count) requests)")
        }
        var times: [Double] = []
        for i in 0..<requests {
            let q = i % 3 == 0 ? String(6471_0000_0000_0000 + (i * 7919) % children) : i % 3 == 1 ? "\(first[i % first.count]) \(last[i % last.count].prefix(4))" : "\(last[i % last.count].lowercased())x"
            let t = Measure.now()
            _ = await app.searchPage(query: q, csrf: "x")
            times.append(Measure.now() - t)
        }
        report("search (Cari anak)", times)
        times = []
        for i in 0..<requests {
            let t = Measure.now()
            _ = await app.childPage(ids[(i * 7919) % ids.count], csrf: "x", saved: false)
            times.append(Measure.now() - t)
        }
        report("child page with KMS chart", times)
        let h0 = Measure.now()
        _ = await app.recordPage(ids[0], csrf: "x")
        print("first record history (indexes the logs)  \(Measure.fmt((Measure.now() - h0) * 1000, 1)) ms")
        times = []
        for i in 0..<requests {
            let t = Measure.now()
            _ = await app.recordPage(ids[(i * 7919 + 1) % ids.count], csrf: "x")
            times.append(Measure.now() - t)
        }
        report("record history (Koreksi / batalkan)", times)
        try await compareSaves(app, ids: ids)
        await app.close()
        if dir == nil { try? FileManager.default.removeItem(atPath: work) }
    }
}
