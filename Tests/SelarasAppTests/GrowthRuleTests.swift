import Foundation
import SelarasAnthro
import SelarasModel
import SelarasTestSupport
import Testing

/// One worked case of `Fixtures/growth/kms_cases.csv` (its header names the sources).
struct KMSCase: Sendable, CustomStringConvertible {
    let name: String
    let history: [MonthlyWeighing]
    let waz: Double?, whz: Double?
    let oedema: Bool
    let muac: Double?
    let mark: String
    let gain: Int?, kbm: Int?
    let twoT: Bool, bgm: Bool, refer: Bool
    var description: String { name }

    static func load() throws -> [KMSCase] {
        let root = try Fixtures.root(in: Bundle.module)
        let text = try String(contentsOf: try Fixtures.url("growth/kms_cases.csv", in: root), encoding: .utf8)
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst()
        return try lines.map { line in
            let c = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            try #require(c.count == 14, "\(line)")
            func list(_ s: String) -> [String] { s.split(separator: " ").map(String.init) }
            let months = list(c[1]).compactMap(Int.init), ages = list(c[2]).compactMap(Int.init), kg = list(c[3]).compactMap(Double.init)
            try #require(months.count == ages.count && ages.count == kg.count, "\(c[0])")
            return KMSCase(name: c[0], history: (0..<months.count).map { MonthlyWeighing(monthIndex: months[$0], ageMonths: ages[$0], weightKg: kg[$0]) },
                           waz: Double(c[4]), whz: Double(c[5]), oedema: c[6] == "1", muac: Double(c[7]), mark: c[8],
                           gain: Int(c[9]), kbm: Int(c[10]), twoT: c[11] == "1", bgm: c[12] == "1", refer: c[13] == "1")
        }
    }
}

@Suite struct GrowthRuleTests {
    @Test("the fixture holds the worked cases") func fixtureLoads() throws {
        let cases = try KMSCase.load()
        #expect(cases.count >= 20)
        #expect(Set(cases.map(\.mark)) == ["N", "T", "B", "O", "-"])
    }

    @Test("N/T, 2T, BGM and referral match each worked case", arguments: try KMSCase.load())
    func workedCase(_ c: KMSCase) {
        let a = GrowthMonitoring.assess(c.history, waz: c.waz, whz: c.whz, oedema: c.oedema, muacCm: c.muac)
        #expect(a.trend.rawValue == c.mark)
        #expect(a.gainGrams == c.gain)
        #expect(a.minimumGainGrams == c.kbm)
        #expect(a.twiceNotGaining == c.twoT)
        #expect(a.belowRedLine == c.bgm)
        #expect(a.refer == c.refer, "\(a.referralReasons)")
    }

    @Test("the KBM table of the Buku KIA", arguments: [(1, 800), (2, 900), (3, 800), (4, 600), (5, 500), (6, 400), (7, 400),
                                                      (8, 300), (9, 300), (10, 300), (11, 200), (12, 200), (36, 200), (60, 200)])
    func kbm(_ age: Int, _ grams: Int) {
        #expect(MinimumWeightGain.grams(ageMonths: age) == grams)
    }

    @Test("the KBM table named in the fixture's header (with its source) is the table the rules use")
    func kbmAsDocumented() throws {
        let root = try Fixtures.root(in: Bundle.module)
        let text = try String(contentsOf: try Fixtures.url("growth/kms_cases.csv", in: root), encoding: .utf8)
        let header = text.split(separator: "\n").filter { $0.hasPrefix("#") }.map { $0.dropFirst().trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        #expect(header.contains("Buku KIA") && header.contains("2023"))
        let table = try #require(header.range(of: "completed months:").map { header[$0.upperBound...] }?.split(separator: ".").first)
        var checked = 0
        for pair in table.split(separator: " ") {
            let parts = pair.split(separator: ":")
            try #require(parts.count == 2, "\(pair)")
            let bounds = parts[0].split(separator: "-").compactMap { Int($0) }
            let grams = try #require(Int(parts[1]))
            for age in (bounds.first ?? 0)...(bounds.last ?? 0) {
                #expect(MinimumWeightGain.grams(ageMonths: age) == grams, "age \(age)")
                checked += 1
            }
        }
        #expect(checked == 60)
    }

    @Test("no KBM at month 0 or past 60 months") func kbmOutside() {
        #expect(MinimumWeightGain.grams(ageMonths: 0) == nil)
        #expect(MinimumWeightGain.grams(ageMonths: 61) == nil)
        #expect(MinimumWeightGain.grams(ageMonths: -1) == nil)
    }
}
