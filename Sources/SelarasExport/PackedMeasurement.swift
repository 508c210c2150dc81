import SelarasAnthro

/// A ``CheckMeasurement`` in 29 bytes, so that each check's z-scores are computed once, when the
/// dataset is built, and a million of them can be held until the rows are written.
///
/// The standards round every z-score to 2 decimals (``GrowthStandards/zScores(_:)``), so a
/// z-score is kept as its hundredths and unpacks to the very same `Double` (the initialiser
/// checks this, bit for bit, and fails for a value it cannot give back exactly: the caller
/// then computes the measurement again when it needs it). Flags are bits.
struct PackedMeasurement: Sendable {
    private let waz: Int32, haz: Int32, whz: Int32, baz: Int32, hcz: Int32, acz: Int32
    private let ageDays: Int32
    /// Bits 0–5: flagWaz, flagHaz, flagWhz, flagBaz, flagHcz, flagAcz; bit 6: positionFlag.
    private let bits: UInt8

    /// Marks a missing value.
    private static let missing = Int32.min
    /// Marks −0.0 (a z-score in (−0.005, 0) rounds to it; kept so unpacking is bit-exact).
    private static let negativeZero = Int32.min + 1

    /// Packs a measurement; nil when a value would not unpack to exactly the same bits.
    init?(_ m: CheckMeasurement) {
        func pack(_ z: Double?) -> Int32? {
            guard let z else { return Self.missing }
            if z == 0, z.sign == .minus { return Self.negativeZero }
            let k = (z * 100).rounded()
            guard k > Double(Self.negativeZero), k <= Double(Int32.max) else { return nil }
            let n = Int32(k)
            return Self.unpack(n)?.bitPattern == z.bitPattern ? n : nil
        }
        let r = m.result
        guard let waz = pack(r.waz), let haz = pack(r.haz), let whz = pack(r.whz),
              let baz = pack(r.baz), let hcz = pack(r.hcz), let acz = pack(r.acz) else { return nil }
        let age: Int32
        if let days = m.ageDays {
            guard days > Int(Self.missing), days <= Int(Int32.max) else { return nil }
            age = Int32(days)
        } else {
            age = Self.missing
        }
        self.waz = waz; self.haz = haz; self.whz = whz; self.baz = baz; self.hcz = hcz; self.acz = acz
        ageDays = age
        bits = (r.flagWaz ? 1 : 0) | (r.flagHaz ? 2 : 0) | (r.flagWhz ? 4 : 0) | (r.flagBaz ? 8 : 0)
            | (r.flagHcz ? 16 : 0) | (r.flagAcz ? 32 : 0) | (r.positionFlag ? 64 : 0)
    }

    private static func unpack(_ n: Int32) -> Double? {
        switch n {
        case missing: nil
        case negativeZero: -0.0
        default: Double(n) / 100
        }
    }

    /// The measurement, exactly as packed.
    var measurement: CheckMeasurement {
        func bit(_ i: UInt8) -> Bool { bits & (1 << i) != 0 }
        return CheckMeasurement(
            ageDays: ageDays == Self.missing ? nil : Int(ageDays),
            result: AnthroResult(
                waz: Self.unpack(waz), haz: Self.unpack(haz), whz: Self.unpack(whz),
                baz: Self.unpack(baz), hcz: Self.unpack(hcz), acz: Self.unpack(acz),
                flagWaz: bit(0), flagHaz: bit(1), flagWhz: bit(2), flagBaz: bit(3), flagHcz: bit(4), flagAcz: bit(5),
                positionFlag: bit(6)))
    }
}
