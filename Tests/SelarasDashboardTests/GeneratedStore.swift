import SelarasLog
import SelarasModel
import SelarasTestSupport

/// A small generated store in a temporary directory: children in two kelurahan with monthly
/// growth checks (some months skipped), a child with a hostile name registered twice (a
/// duplicate) whose posyandu was corrected concurrently to two hostile values (a conflict),
/// and a hostile store label.
struct GeneratedStore {
    static let kelurahan = [Kelurahan(name: "Manggar")!, Kelurahan(name: "Sepinggan Baru")!]
    /// Every escaping case: markup, a script, quotes of both kinds, an ampersand, a control character.
    static let hostileName = "<script>alert(\"x\")</script> Siti & 'Aminah' <img src=x onerror=alert(1)>\u{1}"
    static let hostileLabel = "Kantor <b>Dinkes</b> & \"ops\""
    static let months = (1...12).map { DashboardTestMonth(year: $0 <= 9 ? 2024 : 2025, month: ($0 + 3 - 1) % 12 + 1) }

    let directory: TemporaryDirectory
    let store: Store
    /// Per kelurahan and month (`YYYY-MM`), the children weighed (counted by the test itself).
    var weighed: [String: [String: Set<EntityID>]] = [:]

    init(seed: UInt64 = 7) throws {
        directory = try TemporaryDirectory(prefix: "selaras-dashboard")
        store = try Store.create(at: directory.child("office"), kelurahan: Self.kelurahan[0], label: Self.hostileLabel)
        var rng = SeededRandom(seed: seed)
        var t = SampleRecords.recordedAt
        func next() -> Int64 { t += 1; return t }
        for kel in Self.kelurahan {
            var drafts: [EventDraft] = []
            for n in 0..<24 {
                var f = SampleRecords.child(name: "Anak \(kel.code)-\(n)", sex: n % 2 == 0 ? "L" : "P",
                                            born: LocalDate(year: 2022, month: 1 + n % 12, day: 1 + n % 27)!)
                f[14] = .text(kel.name)
                drafts.append(.create(.child, f, kelurahanCode: kel.code, author: "Bu Rina", recordedAt: next()))
            }
            let children = try store.record(drafts, durability: .batch).map { EntityID(kind: .child, origin: $0.dot) }
            drafts = []
            for (i, child) in children.enumerated() {
                for (m, month) in Self.months.enumerated() where Int.random(in: 0..<10, using: &rng) < 8 {
                    // Between 72 and 95 cm and 8 and 14 kg: some children stunted, most not.
                    let length = Int64(720 + m * 12 + Int.random(in: -60...60, using: &rng) + (i % 5 == 0 ? -70 : 0))
                    let weight = Int64(85 + m * 3 + Int.random(in: -10...10, using: &rng))
                    let date = LocalDate(year: month.year, month: month.month, day: 5 + Int.random(in: 0...20, using: &rng))!
                    drafts.append(.create(.growthCheck, SampleRecords.growthCheck(child: child, measured: date, weightTenths: weight,
                                                                                   lengthTenths: length, position: "lying"),
                                          kelurahanCode: kel.code, author: "Bu Rina", recordedAt: next()))
                    weighed[kel.name, default: [:]][date.monthKey, default: []].insert(child)
                }
            }
            _ = try store.record(drafts, durability: .batch)
        }
        // The hostile child, twice (same name, birth date and mother: a possible duplicate)…
        var f = SampleRecords.child(name: Self.hostileName, born: LocalDate(year: 2023, month: 4, day: 9)!)
        f[8] = .text("Ibu \"<i>Rahma</i>\"")
        let twins = try store.record([
            .create(.child, f, kelurahanCode: Self.kelurahan[0].code, author: "Bu <Rina>", recordedAt: next()),
            .create(.child, f, kelurahanCode: Self.kelurahan[0].code, author: "Bu <Rina>", recordedAt: next()),
        ])
        let first = EntityID(kind: .child, origin: twins[0].dot)
        // …whose posyandu two people corrected from the same context (concurrent: a conflict).
        _ = try store.record([
            .change(first, context: [twins[0].dot], .correct(FieldMap([(15, .text("Posyandu <Melati> & \"3\""))]), reason: "x"),
                    author: "Pak <u>Andi</u>", recordedAt: next()),
            .change(first, context: [twins[0].dot], .correct(FieldMap([(15, .text("Posyandu 'Mawar'"))]), reason: "y"),
                    author: "Bu 'Sari'", recordedAt: next()),
        ])
    }
}

/// A year and month without the module under test (the test's own bookkeeping).
struct DashboardTestMonth: Hashable {
    let year: Int, month: Int
    var key: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
}
