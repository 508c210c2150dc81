import Foundation
import Testing
import SelarasAnthro

@Suite("WHO reference cases")
struct ReferenceCaseTests {
    @Test("all 33 reference cases are parsed")
    func caseCount() throws {
        let cases: [ReferenceCase]
        do { cases = try ReferenceCase.load() } catch { Issue.record("\(error)"); return }
        #expect(cases.count == 33)
        #expect(Set(cases.map(\.id)) == Set(1...33))
    }

    @Test("z-scores and flags match", arguments: ReferenceCase.all)
    func matches(_ reference: ReferenceCase) throws {
        let standards = try GrowthStandards.bundled()
        let result = standards.zScores(reference.input)

        func check(_ name: String, _ actual: Double?, _ expected: Double?,
                   sourceLocation: SourceLocation = #_sourceLocation) {
            switch (actual, expected) {
            case (nil, nil): break
            case let (a?, e?):
                #expect(abs(a - e) < 1e-9, "\(name): got \(a), expected \(e)", sourceLocation: sourceLocation)
            default:
                Issue.record("\(name): got \(String(describing: actual)), expected \(String(describing: expected))",
                             sourceLocation: sourceLocation)
            }
        }
        check("waz", result.waz, reference.waz)
        check("haz", result.haz, reference.haz)
        check("whz", result.whz, reference.whz)
        check("baz", result.baz, reference.baz)
        check("hcz", result.hcz, reference.hcz)
        check("acz", result.acz, reference.acz)

        // An NA flag in the CSV means the z-score is missing; the Bool flag is then false.
        #expect(result.flagWaz == (reference.fwei ?? false), "fwei")
        #expect(result.flagHaz == (reference.flen ?? false), "flen")
        #expect(result.flagWhz == (reference.fwfl ?? false), "fwfl")
        #expect(result.flagBaz == (reference.fbmi ?? false), "fbmi")
        #expect(result.positionFlag == reference.c9moFlag, "c9mo_flag")
        // NA flags must coincide with missing z-scores.
        #expect((reference.fwei == nil) == (reference.waz == nil))
        #expect((reference.fwfl == nil) == (reference.whz == nil))
    }
}
