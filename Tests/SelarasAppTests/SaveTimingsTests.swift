import Foundation
@testable import SelarasApp
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

/// The save path as `selaras-bench app` measures it: the timed save saves exactly what the
/// plain one does, the bare append it is compared with writes the same record, the last check
/// found without building the rows is the rows' last, and the hand-written decimal formatter
/// prints what `String(format:)` printed.
@Suite struct SaveTimingsTests {
    /// A new store and the app over it (no HTTP: the handlers are called directly).
    func withStore<T>(_ body: (CadreApp, TemporaryDirectory) async throws -> T) async throws -> T {
        let tmp = try TemporaryDirectory(prefix: "selaras-save")
        defer { tmp.cleanup() }
        try Store.create(at: tmp.child("lap1"), kelurahan: Kelurahan(name: "Manggar")!, label: "kader-uji").close()
        let app = try CadreApp(directory: tmp.child("lap1"), author: "kader-uji", pages: try await Pages.bundled(),
                               today: LocalDate(year: 2025, month: 3, day: 20)!)
        do {
            let r = try await body(app, tmp)
            await app.close()
            return r
        } catch {
            await app.close()
            throw error
        }
    }

    /// Registers a child through the registration form; its id.
    func register(_ app: CadreApp, _ encoded: String) async throws -> EntityID {
        let r = await app.registerPost(form: FormBody(encoded: encoded + "&konfirmasi=1"), csrf: "x")
        guard case .redirect(let path) = r else { Issue.record("not registered: \(r)"); throw CancellationError() }
        return try #require(EntityID(String(path.dropFirst("/anak/".count).prefix { $0 != "?" })))
    }

    @Test("a timed save is saved and shown like a plain one; its parts add up and only the append is zero on a refusal")
    func timedSave() async throws {
        try await withStore { app, _ in
            let child = try await register(app, "name=Siti&sex=Perempuan&born=15/10/2024")
            let form = FormBody(encoded: "measured_on=20/02/2025&weight_kg=7,1&length_height_cm=65,0&position=Terlentang")
            let (page, t) = await app.checkPostTimed(child, form: form, csrf: "x")
            guard case .page(let html, let status) = page else { Issue.record("no page"); return }
            #expect(status == 200 && html.contains("id=\"tersimpan\"") && html.contains("7,1 kg"))
            #expect(t.append > .zero && t.validation > .zero && t.render > .zero)
            #expect(t.total == t.validation + t.append + t.apply + t.index + t.render)
            #expect(await app.checksOf[child]?.count == 1)
            // Refused (weight 0): nothing appended, so no append time, and nothing in the state.
            let (refused, r) = await app.checkPostTimed(child, form: FormBody(encoded: "measured_on=20/03/2025&weight_kg=0"), csrf: "x")
            guard case .page(let text, let code) = refused else { Issue.record("no page"); return }
            #expect(code == 422 && !text.contains("id=\"tersimpan\""))
            #expect(r.append == .zero && r.apply == .zero && r.render == .zero)
            #expect(await app.checksOf[child]?.count == 1)
        }
    }

    @Test("the bare append the bench compares with writes the very record a save writes, and keeps the state equal to the store")
    func bareAppendSameRecord() async throws {
        try await withStore { app, tmp in
            let child = try await register(app, "name=Budi&sex=Laki-laki&born=01/01/2024&posyandu=Melati+3")
            let form = FormBody(encoded: "measured_on=10/03/2025&weight_kg=10,2&length_height_cm=80,5&position=Berdiri&muac_cm=14,5")
            _ = await app.checkPost(child, form: form, csrf: "x")
            let elapsed = try await app.timedBareAppend(child, form: form)
            #expect(elapsed > .zero)
            let ids = try #require(await app.checksOf[child]).sorted()
            #expect(ids.count == 2)
            let a = try #require(await app.state[ids[0]]?.fields), b = try #require(await app.state[ids[1]]?.fields)
            #expect(a == b)
            #expect(a[FieldKey.GrowthCheck.posyandu]?.text == "Melati 3")
            // The store holds what the state holds: a fresh fold of it equals the app's state.
            await app.close()
            let store = try Store.open(at: tmp.child("lap1"))
            defer { store.close() }
            let folded = try ConsolidatedState(store: store)
            #expect(folded.digest == (await app.state.digest))
        }
    }

    @Test("the last check found without rows is the last row of ChildGrowth (dates out of order, same-day checks, voids)",
          arguments: [1, 2, 3, 4, 5])
    func lastCheck(seed: UInt64) async throws {
        try await withStore { app, _ in
            var random = SeededRandom(seed: seed)
            let child = try await register(app, "name=Dewi&sex=Perempuan&born=01/01/2023")
            var saved: [EntityID] = []
            for _ in 0..<Int.random(in: 3...9, using: &random) {
                // On or before the fixed today, 20/03/2025.
                let day = Int.random(in: 1...20, using: &random), month = Int.random(in: 1...3, using: &random)
                let w = Int.random(in: 80...140, using: &random)
                let form = FormBody(encoded: "measured_on=\(String(format: "%02d/%02d", day, month))/2025&weight_kg=\(w / 10),\(w % 10)&length_height_cm=8\(w % 10),0&position=Berdiri&konfirmasi=1")
                _ = await app.checkPost(child, form: form, csrf: "x")
                saved = try #require(await app.checksOf[child]).sorted()
            }
            if Bool.random(using: &random), let victim = saved.randomElement(using: &random) {
                _ = await app.voidPost(victim, form: FormBody(encoded: "alasan=dobel"), csrf: "x")
            }
            let last = await app.lastCheck(of: child)
            let row = await app.growth(child, zScores: .none)?.1?.rows.last
            #expect(last?.date == row?.date)
            #expect(last?.weight == row?.weight)
            #expect(last?.lengthHeight == row?.lengthHeight)
            #expect(last != nil)
        }
    }

    @Test("decimals: a comma, rounding half away from zero, no minus on a zero",
          arguments: [(8.4, 1, "8,4"), (-1.25, 2, "-1,25"), (0.05, 1, "0,1"), (-0.004, 2, "0,00"), (10.0, 1, "10,0"),
                      (123.456, 2, "123,46"), (7.0, 0, "7"), (-3.0, 1, "-3,0"), (0.07, 2, "0,07")])
    func decimal(value: Double, digits: Int, expected: String) {
        #expect(FieldLabels.decimal(value, digits: digits) == expected)
    }

    @Test("decimals: nothing, NaN and infinities print as no number, never trap")
    func decimalEdges() {
        #expect(FieldLabels.decimal(nil) == "–")
        #expect(FieldLabels.decimal(.nan) == "–")
        #expect(FieldLabels.decimal(.infinity) == "∞")
        #expect(FieldLabels.decimal(-.infinity, digits: 2) == "-∞")
        #expect(FieldLabels.decimal(1e300) == "∞")
    }

    @Test("decimals: every stored one-place value and every rounded z-score prints as String(format:) printed it")
    func decimalMatchesFormat() {
        for n in 0...14_000 {
            let v = Double(n) / 10
            #expect(FieldLabels.decimal(v) == String(format: "%.1f", v).replacingOccurrences(of: ".", with: ","), "\(v)")
        }
        for n in -700...700 where n != 0 {
            let v = (Double(n) / 100 * 100).rounded() / 100
            #expect(FieldLabels.decimal(v, digits: 2) == String(format: "%.2f", v).replacingOccurrences(of: ".", with: ","), "\(v)")
        }
    }
}
