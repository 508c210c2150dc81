import Foundation
import Testing
@testable import SelarasAnthro

/// The WHO tables are read as bytes with a fast path for plain decimals: every value must be
/// the very `Double` that `Double(String)` (strtod) gives, or z-scores would shift.
@Suite("WHO tables: byte parsing gives strtod's doubles")
struct TableParsingTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/SelarasAnthro/Resources/who").standardized

    @Test("every number in every bundled table", arguments: GrowthStandards.tableFileNames)
    func everyValue(file: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
        var compared = 0
        for line in text.split(separator: "\n").dropFirst() {
            for field in line.split(separator: ",").dropFirst() {
                let s = field.trimmingCharacters(in: .whitespacesAndNewlines)
                let mine = LMSTable.decimal(Array(s.utf8)[...])
                #expect(mine?.bitPattern == Double(s)?.bitPattern, "\(file): \(s)")
                compared += 1
            }
        }
        #expect(compared > 1000)
    }

    @Test("random decimals, signs, long mantissas and odd forms")
    func randomDecimals() {
        var g = SystemRandomNumberGenerator()
        var samples = ["0", "-0", "+1.5", "1.", ".5", "-", ".", "", "1e-3", "2.5E2", "1.2.3", "12a", "123456789012345678",
                       "0.1234567890123456789", "9007199254740993", "-0.000000000000000000001", "nan", "inf"]
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...18, using: &g)
            var s = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &g)) }.joined()
            let point = Int.random(in: 0...digits, using: &g)
            if point < digits { s.insert(".", at: s.index(s.startIndex, offsetBy: point)) }
            if Bool.random(using: &g) { s = "-" + s }
            samples.append(s)
        }
        for s in samples {
            #expect(LMSTable.decimal(Array(s.utf8)[...])?.bitPattern == Double(s)?.bitPattern, "\(s)")
        }
    }
}
