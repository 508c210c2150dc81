extension FieldMap {
    /// A map from typed keys and values in any order; a later pair for the same key replaces an earlier one.
    public init(_ pairs: [(FieldKey, FieldValue)]) {
        self.init()
        for (k, v) in pairs { self[k.tag] = v }
    }

    /// The value of a field by its typed key, or nil; setting nil removes it. O(log n).
    ///
    /// A map does not know its record kind: the caller passes keys of the record's kind.
    public subscript(key: FieldKey) -> FieldValue? {
        get { self[key.tag] }
        set { self[key.tag] = newValue }
    }

    /// A decimal field's value in its unit (`8.4` for a weight stored as 84 with scale 1), or nil
    /// when absent or not a number. Uses the schema's scale, never a divisor written by the caller.
    public func decimal(_ key: FieldKey) -> Double? {
        guard let n = self[key.tag]?.number else { return nil }
        return key.spec.type.doubleValue(n)
    }
}

extension FieldType {
    /// A fixed-point number of this type in its unit (scale 1: 84 → 8.4). Whole numbers are unchanged.
    public func doubleValue(_ fixed: Int64) -> Double {
        Double(fixed) / fixedPointDivisor
    }

    /// 10^scale: what a fixed-point number of this type is divided by to give its unit (10 for
    /// scale 1, 1 for whole numbers). For hot loops that look the type up once.
    public var fixedPointDivisor: Double { FieldType.powersOfTen[min(scale, FieldType.powersOfTen.count - 1)] }

    /// A value in this type's unit as its fixed-point number (scale 1: 8.4 → 84), rounded to the
    /// nearest; nil when not finite or out of Int64's range. Whole numbers are only rounded.
    public func fixedValue(_ d: Double) -> Int64? {
        let x = (d * fixedPointDivisor).rounded()
        guard x.isFinite, x >= -9.2e18, x <= 9.2e18 else { return nil }
        return Int64(x)
    }

    /// 10^0 … 10^9: the divisors of the scales in use.
    static let powersOfTen: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]
}
