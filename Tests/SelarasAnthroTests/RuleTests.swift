import Foundation
import Testing
import SelarasAnthro

@Suite("z-score rules")
struct RuleTests {
    let standards: GrowthStandards

    init() throws {
        standards = try GrowthStandards.bundled()
    }

    @Test("oedema nulls weight-for-age, weight-for-length and BMI; keeps length, head and MUAC")
    func oedema() throws {
        var input = AnthroInput(sex: .male, ageDays: 300, weightKg: 4.0, lengthHeightCm: 65.0,
                                position: .lying, headCircumferenceCm: 46, muacCm: 14.5)
        let dry = standards.zScores(input)
        #expect(dry.waz != nil && dry.whz != nil && dry.baz != nil)
        #expect(dry.flagWaz && dry.flagWhz && dry.flagBaz)
        input.oedema = true
        let wet = standards.zScores(input)
        #expect(wet.waz == nil)
        #expect(wet.whz == nil)
        #expect(wet.baz == nil)
        #expect(!wet.flagWaz && !wet.flagWhz && !wet.flagBaz)
        #expect(wet.haz == dry.haz && wet.haz != nil)
        #expect(wet.hcz == dry.hcz && wet.hcz != nil)
        #expect(wet.acz == dry.acz && wet.acz != nil)
    }

    @Test("age scope: days 0...1826 only", arguments: [
        (-1, false), (0, true), (1826, true), (1827, false), (1856, false), (5000, false),
    ])
    func ageScope(days: Int, inScope: Bool) {
        #expect(GrowthStandards.isAgeInScope(days: days) == inScope)
        let result = standards.zScores(AnthroInput(
            sex: .female, ageDays: days, weightKg: 15, lengthHeightCm: 100, position: .standing,
            headCircumferenceCm: 48, muacCm: 15))
        let scores = [result.waz, result.haz, result.whz, result.baz, result.hcz, result.acz]
        if inScope {
            #expect(scores.allSatisfy { $0 != nil } || days == 0) // no MUAC table at day 0
        } else {
            #expect(scores.allSatisfy { $0 == nil })
            #expect(!result.hasAnyFlag)
        }
    }

    @Test("ageInMonths is days / 30.4375")
    func ageInMonths() {
        #expect(GrowthStandards.ageInMonths(days: 0) == 0)
        #expect(GrowthStandards.ageInMonths(days: 1826) < 60)
        #expect(GrowthStandards.ageInMonths(days: 1827) >= 60)
        #expect(abs(GrowthStandards.ageInMonths(days: 365) - 365 / 30.4375) < 1e-12)
    }

    @Test("weight-for-length range 45–110 cm before day 731", arguments: [
        (44.9, false), (45.0, true), (77.77, true), (110.0, true), (110.05, false), (130, false),
    ])
    func lengthRange(length: Double, computed: Bool) {
        let result = standards.zScores(AnthroInput(sex: .male, ageDays: 500, weightKg: 10,
                                                   lengthHeightCm: length, position: .lying))
        #expect((result.whz != nil) == computed)
        #expect(result.haz != nil && result.baz != nil)
    }

    @Test("weight-for-height range 65–120 cm from day 731", arguments: [
        (64.9, false), (65.0, true), (99.99, true), (120.0, true), (120.01, false),
    ])
    func heightRange(height: Double, computed: Bool) {
        let result = standards.zScores(AnthroInput(sex: .female, ageDays: 731, weightKg: 14,
                                                   lengthHeightCm: height, position: .standing))
        #expect((result.whz != nil) == computed)
    }

    @Test("adjusted length on the 0.1 cm grid uses that row exactly (71.0 standing + 0.7 = 71.7)")
    func gridSnapping() {
        let standing = standards.zScores(AnthroInput(sex: .female, ageDays: 300, weightKg: 8.1,
                                                     lengthHeightCm: 71.0, position: .standing))
        let lying = standards.zScores(AnthroInput(sex: .female, ageDays: 300, weightKg: 8.1,
                                                  lengthHeightCm: 71.7, position: .lying))
        #expect(standing == lying)
        #expect(!standing.positionFlag)
    }

    @Test("standing under 9 months (day ≤ 273) is flagged and not adjusted")
    func nineMonths() {
        func result(_ day: Int, _ position: MeasuredPosition, _ length: Double) -> AnthroResult {
            standards.zScores(AnthroInput(sex: .male, ageDays: day, weightKg: 8,
                                          lengthHeightCm: length, position: position))
        }
        #expect(result(273, .standing, 70).positionFlag)
        #expect(result(273, .standing, 70) == AnthroResult(
            waz: result(273, .unknown, 70).waz, haz: result(273, .unknown, 70).haz,
            whz: result(273, .unknown, 70).whz, baz: result(273, .unknown, 70).baz,
            positionFlag: true))
        #expect(!result(274, .standing, 70).positionFlag)
        #expect(result(274, .standing, 70) == result(274, .lying, 70.7))
    }

    @Test("from day 731 lying gets −0.7 cm; unknown position is not adjusted")
    func heightAdjustment() {
        func result(_ position: MeasuredPosition, _ length: Double) -> AnthroResult {
            standards.zScores(AnthroInput(sex: .female, ageDays: 1000, weightKg: 12,
                                          lengthHeightCm: length, position: position))
        }
        #expect(result(.lying, 90.7) == result(.standing, 90.0))
        #expect(result(.unknown, 90.0) == result(.standing, 90.0))
        #expect(result(.unknown, 90.0) != result(.lying, 90.0))
    }

    @Test("MUAC-for-age starts at day 91")
    func muacStart() {
        let before = standards.zScores(AnthroInput(sex: .female, ageDays: 90, muacCm: 13))
        let first = standards.zScores(AnthroInput(sex: .female, ageDays: 91, muacCm: 13))
        #expect(before.acz == nil)
        #expect(first.acz != nil)
    }

    @Test("missing, zero, negative or non-finite measurements give nil", arguments: [
        nil, 0.0, -5.0, Double.nan, Double.infinity,
    ])
    func invalidMeasurements(value: Double?) {
        let result = standards.zScores(AnthroInput(
            sex: .male, ageDays: 400, weightKg: value, lengthHeightCm: value, position: .lying,
            headCircumferenceCm: value, muacCm: value))
        #expect(result == AnthroResult())
    }

    @Test("head and MUAC implausible flags at |z| > 5")
    func headAndMuacFlags() throws {
        let big = standards.zScores(AnthroInput(sex: .male, ageDays: 100, headCircumferenceCm: 55, muacCm: 30))
        #expect(try #require(big.hcz) > 5 && big.flagHcz)
        #expect(try #require(big.acz) > 5 && big.flagAcz)
        let normal = standards.zScores(AnthroInput(sex: .male, ageDays: 100, headCircumferenceCm: 40.5, muacCm: 13.5))
        #expect(try #require(normal.hcz).magnitude < 2 && !normal.flagHcz)
        #expect(try #require(normal.acz).magnitude < 2 && !normal.flagAcz)
    }

    @Test("z-scores are rounded to 2 decimals")
    func rounding() throws {
        for day in stride(from: 0, through: 1826, by: 97) {
            let r = standards.zScores(AnthroInput(sex: .female, ageDays: day, weightKg: 9.87,
                                                  lengthHeightCm: 76.54, position: .lying))
            for z in [r.waz, r.haz, r.whz, r.baz] {
                let value = try #require(z)
                #expect(abs(value * 100 - (value * 100).rounded()) < 1e-6)
            }
        }
    }
}

@Suite("table loading")
struct LoadingTests {
    /// A scratch copy of the bundled tables, removed afterwards.
    func scratchCopy(_ transform: (String, String) -> String? = { _, text in text }) throws -> URL {
        let bundled = try #require(Self.bundledTablesDirectory())
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("selaras-anthro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in GrowthStandards.tableFileNames {
            let text = try String(contentsOf: bundled.appendingPathComponent(name), encoding: .utf8)
            if let out = transform(name, text) {
                try out.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        return dir
    }

    /// The `who` directory inside the library's resource bundle, found next to the test bundle.
    static func bundledTablesDirectory() -> URL? {
        let testBundle = Bundle.module.bundleURL.deletingLastPathComponent()
        let candidates = (try? FileManager.default.contentsOfDirectory(at: testBundle, includingPropertiesForKeys: nil)) ?? []
        return candidates.first { $0.lastPathComponent.contains("_SelarasAnthro.") }?
            .appendingPathComponent("who")
    }

    @Test("bundled tables load")
    func bundled() throws {
        _ = try GrowthStandards.bundled()
        let dir = try #require(Self.bundledTablesDirectory())
        _ = try GrowthStandards.load(from: dir)
    }

    @Test("missing file throws fileMissing")
    func missingFile() throws {
        let dir = try scratchCopy { name, text in name == "hcfa_head_circumference_for_age.csv" ? nil : text }
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = #expect(throws: GrowthStandardsError.self) { try GrowthStandards.load(from: dir) }
        #expect(error?.code == .fileMissing)
        #expect(error?.message.contains("hcfa_head_circumference_for_age.csv") == true)
    }

    @Test("malformed file throws malformed", arguments: [
        "",                                      // row removed: keys no longer consecutive
        "M,1,0.3127,abc,0.14693\n",
        "M,1,0.3127,-3.3174,0.14693\n",
    ])
    func malformed(replacement: String) throws {
        let dir = try scratchCopy { name, text in
            guard name == "wfa_weight_for_age.csv" else { return text }
            let original = "M,1,0.3127,3.3174,0.14693\n"
            return text.replacingOccurrences(of: original, with: replacement)
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = #expect(throws: GrowthStandardsError.self) { try GrowthStandards.load(from: dir) }
        #expect(error?.code == .malformed)
        #expect(error?.message.hasPrefix("wfa_weight_for_age.csv line 3:") == true)
    }

    @Test("CRLF line endings load to the same standards")
    func crlf() throws {
        let dir = try scratchCopy { _, text in text.replacingOccurrences(of: "\n", with: "\r\n") }
        defer { try? FileManager.default.removeItem(at: dir) }
        let crlf = try GrowthStandards.load(from: dir)
        let standards = try GrowthStandards.bundled()
        for reference in ReferenceCase.all {
            #expect(crlf.zScores(reference.input) == standards.zScores(reference.input))
        }
    }
}
