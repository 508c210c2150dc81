import Testing
import SelarasAnthro
import SelarasModel

/// A packed result must give back exactly what ``GrowthStandards/zScores(_:)`` returned (the
/// export prints z-scores from it), or nothing.
@Suite("PackedAnthroResult")
struct PackedAnthroResultTests {
    let standards: GrowthStandards

    init() throws {
        standards = try GrowthStandards.bundled()
    }

    /// The z-scores' bits, so that -0.0 and 0.0 differ.
    private func bits(_ r: AnthroResult) -> [UInt64?] {
        [r.waz, r.haz, r.whz, r.baz, r.hcz, r.acz].map { $0?.bitPattern }
    }

    @Test("gives back every z-score bit for bit and every flag, over many measurements (flagged, oedema, out of scope)")
    func roundTrip() throws {
        var rng = SeededRandom(seed: 15)  // SplitMix64, replays from its seed
        var flagged = 0, negativeZero = 0
        for n in 0..<20_000 {
            let input = AnthroInput(
                sex: n % 2 == 0 ? .male : .female, ageDays: Int(rng.next() % 1_900) - 20,
                weightKg: n % 13 == 0 ? nil : 1 + Double(rng.next() % 3_000) / 100,
                lengthHeightCm: n % 11 == 0 ? nil : 40 + Double(rng.next() % 900) / 10,
                position: [MeasuredPosition.lying, .standing, .unknown][n % 3],
                headCircumferenceCm: n % 7 == 0 ? nil : 30 + Double(rng.next() % 250) / 10,
                muacCm: n % 5 == 0 ? nil : 8 + Double(rng.next() % 150) / 10,
                oedema: n % 17 == 0)
            let r = standards.zScores(input)
            let back = try #require(PackedAnthroResult(r).result, "\(input)")
            #expect(back == r, "\(input)")
            #expect(bits(back) == bits(r), "\(input)")
            if r.hasAnyFlag { flagged += 1 }
            if bits(r).contains((-0.0).bitPattern) { negativeZero += 1 }
        }
        // The sample reaches the cases that matter.
        #expect(flagged > 100)
        #expect(negativeZero > 10)
    }

    @Test("keeps the sign of a zero z-score (a Parquet double keeps it)")
    func negativeZero() throws {
        let r = AnthroResult(waz: -0.0, haz: 0.0, whz: -0.0, baz: nil, hcz: -0.0, acz: 0.0)
        let back = try #require(PackedAnthroResult(r).result)
        #expect(back.waz?.sign == .minus && back.whz?.sign == .minus && back.hcz?.sign == .minus)
        #expect(back.haz?.sign == .plus && back.acz?.sign == .plus && back.baz == nil)
    }

    @Test("holds nothing for what it cannot give back exactly", arguments: [
        AnthroResult(haz: 327.68),                     // beyond Int16 hundredths
        AnthroResult(hcz: -400),
        AnthroResult(waz: 0.001),                      // not on 2 decimals
        AnthroResult(whz: 1.234),
        AnthroResult(haz: 7, flagHaz: false),          // a flag that does not follow from its z-score
        AnthroResult(waz: 1, flagWaz: true),
    ])
    func notHeld(_ r: AnthroResult) {
        #expect(PackedAnthroResult(r).result == nil)
    }

    @Test("the edges of the range are held; none holds nothing; 14 bytes")
    func edges() throws {
        let r = AnthroResult(waz: 327.67, haz: -327.67, flagWaz: true, flagHaz: true, positionFlag: true)
        let back = try #require(PackedAnthroResult(r).result)
        #expect(back.waz == 327.67 && back.haz == -327.67 && back.positionFlag && back.flagWaz && back.flagHaz)
        #expect(PackedAnthroResult.none.result == nil)
        #expect(MemoryLayout<PackedAnthroResult>.stride == 14)
    }
}
