extension GrowthStandards {
    /// The length (before day 731) or height (from day 731) in cm that lies at z-score `z`
    /// for the age: SD(z) of the length/height-for-age table. Used to generate realistic
    /// demonstration data and in tests; nil outside the tables.
    /// - Complexity: O(1).
    public func lengthHeight(atZ z: Double, sex: AnthroSex, ageDays: Int) -> Double? {
        lhfa.row(sex, key: ageDays)?.sd(z)
    }

    /// The weight in kg that lies at weight-for-length/height z-score `z` for a child of
    /// `lengthHeightCm` (length table before day 731, height table from day 731); nil outside
    /// the tables. O(1).
    public func weight(atWeightForLengthZ z: Double, sex: AnthroSex, ageDays: Int, lengthHeightCm: Double) -> Double? {
        let table = ageDays < Self.heightFromDay ? wfl : wfh
        return table.interpolated(sex, lengthCm: lengthHeightCm)?.sd(z)
    }

    /// The head circumference in cm at z-score `z` for the age; nil outside the table. O(1).
    public func headCircumference(atZ z: Double, sex: AnthroSex, ageDays: Int) -> Double? {
        hcfa.row(sex, key: ageDays)?.sd(z)
    }

    /// The MUAC in cm at z-score `z` for the age (from day 91); nil outside the table. O(1).
    public func muac(atZ z: Double, sex: AnthroSex, ageDays: Int) -> Double? {
        acfa.row(sex, key: ageDays)?.sd(z)
    }
}

extension GrowthStandards {
    /// The weight in kg at weight-for-age z-score `z` for the age: the KMS curves. nil outside
    /// the table (day 0 to 1856). O(1).
    public func weight(atZ z: Double, sex: AnthroSex, ageDays: Int) -> Double? {
        wfa.row(sex, key: ageDays)?.sd(z)
    }
}
