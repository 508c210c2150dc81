import Foundation
import SelarasAnthro
@testable import SelarasApp
import Testing

/// The KMS curves against the WHO tables themselves (read here from the CSV files, with the LMS
/// formula, independently of `SelarasAnthro`'s loader).
@Suite struct KMSChartTests {
    /// sex → day → (L, M, S) of a WHO table file.
    static func table(_ file: String) throws -> [String: [Int: (Double, Double, Double)]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/SelarasAnthro/Resources/who/\(file)")
        var out: [String: [Int: (Double, Double, Double)]] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst() {
            let c = line.split(separator: ",")
            guard c.count >= 5, let d = Int(c[1]), let l = Double(c[2]), let m = Double(c[3]), let s = Double(c[4]) else { continue }
            out[String(c[0]), default: [:]][d] = (l, m, s)
        }
        return out
    }

    static func lms(_ t: (Double, Double, Double), _ z: Double) -> Double {
        let (l, m, s) = t
        return l == 0 ? m * exp(s * z) : m * pow(1 + l * s * z, 1 / l)
    }

    @Test("weight-for-age curves at −3, −2, 0, +2, +3 SD are the WHO table's values", arguments: [AnthroSex.male, .female])
    func weightCurves(_ sex: AnthroSex) throws {
        let who = try Self.table("wfa_weight_for_age.csv")[sex.tableCode]!
        let chart = KMSChart(measure: .weight, sex: sex, standards: try GrowthStandards.bundled(), child: [(900, 11.0)])
        #expect(chart.maxMonths == 60)
        #expect(chart.curves.count == 5)
        for (line, curve) in zip(KMSChart.lines, chart.curves) {
            #expect(curve.count == 121)
            for p in curve {
                let row = try #require(who[KMSChart.day(months: p.months)])
                #expect(abs(p.value - Self.lms(row, line.z)) < 1e-9, "z \(line.z) at \(p.months) months")
            }
        }
        // The median at birth and at 12 months, straight from the table.
        #expect(chart.curves[2][0].value == who[0]!.1)
        #expect(chart.curves[2][24].value == who[365]!.1)
    }

    @Test("length/height curves are the WHO table's values, 0–24 months for a baby")
    func lengthCurves() throws {
        let who = try Self.table("lhfa_length_height_for_age.csv")["F"]!
        let chart = KMSChart(measure: .lengthHeight, sex: .female, standards: try GrowthStandards.bundled(), child: [(200, 65.0)])
        #expect(chart.maxMonths == 24)
        for (line, curve) in zip(KMSChart.lines, chart.curves) {
            for p in curve {
                let row = try #require(who[KMSChart.day(months: p.months)])
                #expect(abs(p.value - Self.lms(row, line.z)) < 1e-9)
            }
        }
    }

    @Test("the child's points are drawn where their age and value are") func childPoints() throws {
        let chart = KMSChart(measure: .weight, sex: .male, standards: try GrowthStandards.bundled(), child: [(0, 3.3), (365, 9.6)])
        #expect(chart.child.count == 2)
        #expect(abs(chart.child[1].months - 365 / 30.4375) < 1e-9)
        let v = chart.view(title: "t")
        let line = try #require(v["childLine"] as? String)
        let pts = line.split(separator: " ").map { $0.split(separator: ",").compactMap { Double($0) } }
        #expect(pts.count == 2)
        // x grows with age, y falls as the weight rises (SVG y points down).
        #expect(pts[1][0] > pts[0][0] && pts[1][1] < pts[0][1])
        #expect(abs(pts[0][0] - chart.x(0)) < 0.06 && abs(pts[1][1] - chart.y(9.6)) < 0.06)
    }
}
