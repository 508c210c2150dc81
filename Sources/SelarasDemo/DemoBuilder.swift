import SelarasAnthro
import SelarasEntry
import SelarasLog
import SelarasMerge
import SelarasModel

/// Builds a realistic small data set: three laptops in two kelurahan, about 200 children with
/// twelve months of plausible growth (about one in five stunted) and about 30 RTLH surveys.
///
/// Every record goes through the same validation as the CLI (``RecordEntry``), so the demo
/// also shows that generated data passes the plausibility rules. Deterministic for a seed.
public struct DemoBuilder: Sendable {
    /// One laptop the demo made.
    public struct Laptop: Sendable {
        /// Its store directory.
        public let directory: String
        /// Its label.
        public let label: String
        /// Its kelurahan.
        public let kelurahan: Kelurahan
        /// Records it holds, per kind.
        public let children: Int, checks: Int, surveys: Int
        /// Children whose latest check is stunted (length/height-for-age z < −2).
        public let stuntedChildren: Int
        /// One child id, for the commands to try.
        public let sampleChild: EntityID?
    }

    /// Where the laptops' stores go.
    public let directory: String
    /// The random seed.
    public let seed: UInt64
    /// The date the demo treats as today.
    public let today: LocalDate

    /// Creates a builder.
    public init(directory: String, seed: UInt64 = 2025, today: LocalDate = .today()) {
        self.directory = directory
        self.seed = seed
        self.today = today
    }

    /// The laptops: label, kelurahan, children to register, surveys to record.
    static let plan: [(label: String, kelurahan: String, children: Int, surveys: Int)] = [
        ("lap1", "Manggar", 70, 10), ("lap2", "Manggar", 60, 8), ("lap3", "Sepinggan Baru", 70, 12),
    ]

    /// Creates the laptops' stores and fills them.
    /// - Parameter progress: called with a line for people after each laptop.
    /// - Throws: ``StoreError`` when a store cannot be made (for example the directory is not empty).
    public func build(progress: (String) -> Void = { _ in }) throws -> [Laptop] {
        var rng = SeededRandom(seed: seed)
        let standards = try GrowthStandards.bundled()
        var laptops: [Laptop] = []
        for (i, p) in Self.plan.enumerated() {
            let kel = Kelurahan(name: p.kelurahan)!
            let dir = "\(directory)/\(p.label)"
            let store = try Store.create(at: dir, kelurahan: kel, label: "\(p.label) · Posyandu \(DemoNames.posyandu[i])")
            let cadre = DemoNames.cadres[i % DemoNames.cadres.count]
            var entry = RecordEntry(state: ConsolidatedState(), homeKelurahan: kel, today: today, author: cadre, standards: standards)

            // Children.
            var childDrafts: [EventDraft] = []
            var profiles: [(haz: Double, whz: Double, sex: AnthroSex, born: LocalDate)] = []
            for n in 0..<p.children {
                let girl = Bool.random(using: &rng)
                let name = (girl ? DemoNames.girls : DemoNames.boys).randomElement(using: &rng)! + " "
                    + DemoNames.second.randomElement(using: &rng)!
                let born = today.adding(days: -Int.random(in: 30...(58 * 30), using: &rng))
                var pairs: [(name: String, text: String)] = [
                    ("name", name), ("sex", girl ? "P" : "L"), ("born", born.description),
                    ("mother", DemoNames.mothers.randomElement(using: &rng)!),
                    ("father", DemoNames.fathers.randomElement(using: &rng)!),
                    ("posyandu", DemoNames.posyandu[(i * 3 + n) % DemoNames.posyandu.count]),
                    ("rt", String(Int.random(in: 1...40, using: &rng))), ("rw", String(Int.random(in: 1...12, using: &rng))),
                    ("address", "Jl. \(DemoNames.second.randomElement(using: &rng)!) No. \(Int.random(in: 1...120, using: &rng))"),
                    ("birth_weight_kg", format(rng.normal(mean: 3.1, sd: 0.45).clamped(1.6, 4.6), FieldKey.Child.birthWeight)),
                    ("phone", "08" + String((0..<10).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })),
                ]
                if Double.random(in: 0..<1, using: &rng) < 0.6 {
                    pairs.append(("nik", "6471" + String((0..<12).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })))
                }
                let stunted = Double.random(in: 0..<1, using: &rng) < 0.2
                profiles.append((stunted ? rng.normal(mean: -2.7, sd: 0.45) : rng.normal(mean: -0.4, sd: 0.8),
                                 rng.normal(mean: -0.3, sd: 0.8), girl ? .female : .male, born))
                childDrafts.append(try entry.prepareCreate(.child, pairs).draft)
            }
            let children = try store.record(childDrafts, durability: .batch)
            entry = RecordEntry(state: try ConsolidatedState(store: store), homeKelurahan: kel, today: today, author: cadre,
                                standards: standards)

            // Twelve months of checks (about 85 % attendance).
            var checkDrafts: [EventDraft] = []
            var stunted = 0
            for (c, profile) in zip(children, profiles) {
                var lastHaz: Double? = nil
                for month in stride(from: 11, through: 0, by: -1) {
                    let date = today.adding(days: -month * 30 - Int.random(in: 0...6, using: &rng))
                    let age = date.days(since: profile.born)
                    guard age >= 0, GrowthStandards.isAgeInScope(days: age), Double.random(in: 0..<1, using: &rng) < 0.85 else { continue }
                    let haz = profile.haz + rng.normal(mean: 0, sd: 0.12)
                    let lying = age < 731
                    guard let length = standards.lengthHeight(atZ: haz, sex: profile.sex, ageDays: age),
                          let weight = standards.weight(atWeightForLengthZ: profile.whz + rng.normal(mean: 0, sd: 0.15),
                                                        sex: profile.sex, ageDays: age, lengthHeightCm: length) else { continue }
                    var pairs: [(name: String, text: String)] = [
                        ("child_id", c.entity.description), ("measured_on", date.description),
                        ("weight_kg", format(weight, FieldKey.GrowthCheck.weight)), ("length_height_cm", format(length, FieldKey.GrowthCheck.lengthHeight)),
                        ("position", lying ? "lying" : "standing"), ("cadre", cadre),
                    ]
                    if age < 730, let head = standards.headCircumference(atZ: rng.normal(mean: 0, sd: 0.8), sex: profile.sex, ageDays: age) {
                        pairs.append(("head_cm", format(head, FieldKey.GrowthCheck.head)))
                    }
                    if age >= 183, let muac = standards.muac(atZ: rng.normal(mean: -0.2, sd: 0.8), sex: profile.sex, ageDays: age) {
                        pairs.append(("muac_cm", format(muac, FieldKey.GrowthCheck.muac)))
                    }
                    let months = GrowthStandards.ageInMonths(days: age)
                    if date.components.month == 2 || date.components.month == 8, months >= 6 {
                        pairs.append(("vitamin_a", months < 12 ? "blue" : "red"))
                    }
                    checkDrafts.append(try entry.prepareCreate(.growthCheck, pairs).draft)
                    lastHaz = haz
                }
                if let h = lastHaz, h < -2 { stunted += 1 }
            }
            try store.record(checkDrafts, durability: .batch)

            // RTLH surveys.
            var surveyDrafts: [EventDraft] = []
            for _ in 0..<p.surveys {
                let poor = Double.random(in: 0..<1, using: &rng) < 0.6
                let pairs: [(name: String, text: String)] = [
                    ("head_name", DemoNames.fathers.randomElement(using: &rng)!),
                    ("address", "Jl. \(DemoNames.second.randomElement(using: &rng)!) Gg. \(Int.random(in: 1...9, using: &rng))"),
                    ("rt", String(Int.random(in: 1...40, using: &rng))), ("rw", String(Int.random(in: 1...12, using: &rng))),
                    ("occupants", String(Int.random(in: 2...9, using: &rng))),
                    ("floor_area_m2", format(Double.random(in: poor ? 14...40 : 36...90, using: &rng), FieldKey.HouseSurvey.floorArea)),
                    ("land_ownership", ["own", "own", "family", "disputed", "rent"].randomElement(using: &rng)!),
                    ("house_ownership", ["own", "own", "family", "rent"].randomElement(using: &rng)!),
                    ("income_rp", String(Int.random(in: poor ? 800...3_200 : 2_500...7_000, using: &rng) * 1000)),
                    ("roof_material", poor ? ["leaf", "metal", "asbestos"].randomElement(using: &rng)! : "tile"),
                    ("roof_damaged", poor && Bool.random(using: &rng) ? "yes" : "no"),
                    ("wall_material", poor ? ["bamboo", "board", "wood"].randomElement(using: &rng)! : "brick"),
                    ("floor_material", poor ? ["earth", "wood", "cement"].randomElement(using: &rng)! : "ceramic"),
                    ("structure", poor ? ["damaged", "sound"].randomElement(using: &rng)! : "sound"),
                    ("electricity", poor ? ["pln", "other", "none"].randomElement(using: &rng)! : "pln"),
                    ("ventilation", poor ? "no" : "yes"),
                    ("toilet", poor ? ["none", "shared", "private-no-septic"].randomElement(using: &rng)! : "private-septic"),
                    ("water_source", poor ? ["unprotected-well", "river", "rain"].randomElement(using: &rng)! : "piped"),
                    ("surveyor", cadre),
                    ("surveyed_on", today.adding(days: -Int.random(in: 1...300, using: &rng)).description),
                ]
                surveyDrafts.append(try entry.prepareCreate(.houseSurvey, pairs).draft)
            }
            try store.record(surveyDrafts, durability: .batch)
            let laptop = Laptop(directory: dir, label: p.label, kelurahan: kel, children: children.count,
                                checks: checkDrafts.count, surveys: surveyDrafts.count, stuntedChildren: stunted,
                                sampleChild: children.first?.entity)
            progress("\(p.label) (\(kel.name)): \(laptop.children) children, \(laptop.checks) growth checks, \(laptop.surveys) RTLH surveys; \(stunted) children stunted at their latest check")
            laptops.append(laptop)
            store.close()
        }
        return laptops
    }
}

/// `x` as the text of a decimal field, with the schema's scale (8.44 → "8.4" for a weight).
func format(_ x: Double, _ key: FieldKey) -> String {
    let type = key.spec.type
    return FieldValueFormat.fixed(Double(type.fixedValue(x) ?? 0), scale: type.scale)
}

enum FieldValueFormat {
    static func fixed(_ scaled: Double, scale: Int) -> String {
        let n = Int64(scaled)
        var p: Int64 = 1
        for _ in 0..<scale { p *= 10 }
        let frac = String(abs(n) % p)
        return "\(n < 0 ? "-" : "")\(abs(n) / p).\(String(repeating: "0", count: scale - frac.count))\(frac)"
    }
}

extension Double {
    func clamped(_ lo: Double, _ hi: Double) -> Double { Swift.min(Swift.max(self, lo), hi) }
}
