/// An ``AnthroResult`` in 14 bytes, exactly: for holding the z-scores of many measurements
/// between computing them once and using them twice (an export's indicators and its rows).
///
/// Each z-score is rounded to 2 decimals by ``GrowthStandards/zScores(_:)``, so it is held as
/// the integer `z × 100` in an `Int16` (`Int16.min` for `nil`), with the sign of a zero kept
/// (a Parquet double keeps it, so the export must too); the flags follow from the z-scores and are set again when
/// unpacked. A z-score beyond ±327.67 (only from implausible measurements) cannot be held:
/// ``result`` is then `nil` and the caller computes the measurement again.
public struct PackedAnthroResult: Sendable, Equatable {
    /// `z × 100` of waz, haz, whz, baz, hcz, acz; `Int16.min` for `nil`.
    private let waz, haz, whz, baz, hcz, acz: Int16
    /// Bit 0–5: that z-score (in the order above) is `-0.0`; bit 6: the position flag;
    /// bit 7: every z-score was held exactly.
    private let bits: UInt8

    /// A value that holds no result (``result`` is `nil`), to fill space before results are known.
    public static let none = PackedAnthroResult(waz: 0, haz: 0, whz: 0, baz: 0, hcz: 0, acz: 0, bits: 0)

    private init(waz: Int16, haz: Int16, whz: Int16, baz: Int16, hcz: Int16, acz: Int16, bits: UInt8) {
        self.waz = waz; self.haz = haz; self.whz = whz; self.baz = baz; self.hcz = hcz; self.acz = acz
        self.bits = bits
    }

    /// Packs a result as ``GrowthStandards/zScores(_:)`` returns it (z-scores on 2 decimals).
    /// - Parameter r: the result.
    public init(_ r: AnthroResult) {
        var exact = true
        var bits: UInt8 = r.positionFlag ? 1 << 6 : 0
        func pack(_ z: Double?, _ bit: UInt8) -> Int16 {
            guard let z else { return .min }
            let hundredths = (z * 100).rounded()
            // Held only when it fits and unpacks to the same bits (2 decimals, as zScores rounds).
            guard let v = Int16(exactly: hundredths), v != .min else {
                exact = false
                return .min
            }
            let back = v == 0 ? (z.sign == .minus ? -0.0 : 0.0) : Double(v) / 100
            guard back.bitPattern == z.bitPattern else {
                exact = false
                return .min
            }
            if v == 0 && z.sign == .minus { bits |= 1 << bit }
            return v
        }
        let packed = (pack(r.waz, 0), pack(r.haz, 1), pack(r.whz, 2), pack(r.baz, 3), pack(r.hcz, 4), pack(r.acz, 5))
        // The flags are set again from the z-scores when unpacked: held only if they follow from them.
        var flags = r
        flags.setFlagsFromZScores()
        if exact && flags == r { bits |= 1 << 7 }
        self.init(waz: packed.0, haz: packed.1, whz: packed.2, baz: packed.3, hcz: packed.4, acz: packed.5, bits: bits)
    }

    /// The result as packed, flags included; `nil` when a z-score could not be held exactly
    /// (or for ``none``).
    public var result: AnthroResult? {
        guard bits & (1 << 7) != 0 else { return nil }
        func unpack(_ v: Int16, _ bit: UInt8) -> Double? {
            if v == .min { return nil }
            if v == 0 { return bits & (1 << bit) != 0 ? -0.0 : 0.0 }
            return Double(v) / 100
        }
        var r = AnthroResult(waz: unpack(waz, 0), haz: unpack(haz, 1), whz: unpack(whz, 2), baz: unpack(baz, 3),
                             hcz: unpack(hcz, 4), acz: unpack(acz, 5), positionFlag: bits & (1 << 6) != 0)
        r.setFlagsFromZScores()
        return r
    }
}
