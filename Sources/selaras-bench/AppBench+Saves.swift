import Foundation
import SelarasApp
import SelarasModel

extension AppBench {
    /// Pairs not counted at the start (first touches of the log's pages, the clock, the caches).
    static let warmUp = 20

    /// Save-a-check against a bare durable append, made fair: the same record (the same form
    /// for the same child, prepared the same way), on the same store through the same open
    /// `Store` (the app's), with the same fsync policy (one `fdatasync` per event), in
    /// interleaved pairs (the order alternates, so a slow stretch of the disk hits both), many
    /// samples, p50 and p99 of each; then where a save's time goes, part by part, as the app
    /// measured it (monotonic clock). Both are timed from here around the `await`, so both pay
    /// the same hop onto the app's actor.
    func compareSaves(_ app: CadreApp, ids: [EntityID]) async throws {
        var save: [Double] = [], bare: [Double] = []
        var parts: [SaveTimings] = []
        for i in 0..<(saves + Self.warmUp) {
            let child = ids[(i * 104_729) % ids.count]
            let form = FormBody(encoded: "measured_on=15/06/2025&weight_kg=\(9 + i % 5),\(i % 10)&length_height_cm=80,5&position=Berdiri&konfirmasi=1")
            var s = 0.0, b = 0.0
            var timings = SaveTimings()
            func timedSave() async throws {
                let t = Measure.now()
                let (page, measured) = await app.checkPostTimed(child, form: form, csrf: "x")
                s = Measure.now() - t
                timings = measured
                guard case .page(let html, _) = page, html.contains("id=\"tersimpan\"") else {
                    throw BenchFailure("save \(i) was not saved")
                }
            }
            func timedBare() async throws {
                let t = Measure.now()
                _ = try await app.timedBareAppend(child, form: form)
                b = Measure.now() - t
            }
            if i % 2 == 0 { try await timedSave(); try await timedBare() } else { try await timedBare(); try await timedSave() }
            guard i >= Self.warmUp else { continue }
            save.append(s)
            bare.append(b)
            parts.append(timings)
        }
        let p = { (xs: [Double], q: Double) -> Double in
            let s = xs.sorted()
            return s[min(s.count - 1, Int(Double(s.count) * q))]
        }
        func ms(_ x: Double) -> String { Measure.fmt(x * 1000, 3) + " ms" }
        func line(_ name: String, _ xs: [Double]) {
            print("  \(name.padding(toLength: 38, withPad: " ", startingAt: 0)) p50 \(ms(p(xs, 0.5)))  p99 \(ms(p(xs, 0.99)))")
        }
        print("\nsave-a-check against a bare durable append: \(saves) interleaved pairs on the app's own store (load average \(CLIBench.loadAverage()))")
        line("save-a-check (validated, fdatasync, shown)", save)
        line("bare durable append (the same record)", bare)
        print("  save / bare, p50   \(Measure.fmt(p(save, 0.5) / p(bare, 0.5), 2))×  (target ≤ 1.5×)")
        print("  save / bare, p99   \(Measure.fmt(p(save, 0.99) / p(bare, 0.99), 2))×")
        let ratios = zip(save, bare).map { $0 / $1 }
        print("  per pair, save / bare: p50 \(Measure.fmt(p(ratios, 0.5), 2))×, p99 \(Measure.fmt(p(ratios, 0.99), 2))×")
        print("  where a save's time goes (measured inside the app):")
        let seconds = { (d: Duration) -> Double in Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        line("  validation (form, last check, rules)", parts.map { seconds($0.validation) })
        line("  append + fdatasync (Store.record)", parts.map { seconds($0.append) })
        line("  state apply", parts.map { seconds($0.apply) })
        line("  indexes (search, checks, history)", parts.map { seconds($0.index) })
        line("  result page (rows, z-scores, template)", parts.map { seconds($0.render) })
        line("  all but the append", parts.map { seconds($0.overhead) })
    }
}

/// A benchmark run that went wrong (a save refused): the bench stops with this sentence.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
