/// What the KMS says after a weighing: the N/T mark, BGM, 2T and whether the child must be
/// referred to the puskesmas (Buku KIA: "segera rujuk ke puskesmas").
public struct GrowthAssessment: Sendable, Hashable {
    /// N, T, B, O or none.
    public var trend: WeighingTrend
    /// Grams gained since last month's weighing (negative when lost), when there was one.
    public var gainGrams: Int?
    /// The KBM the gain was held against, when there was one.
    public var minimumGainGrams: Int?
    /// **BGM** (bawah garis merah): weight-for-age below −3 SD, the red line of the KMS.
    public var belowRedLine: Bool
    /// **2T**: T this month and T last month.
    public var twiceNotGaining: Bool
    /// The reasons to refer to the puskesmas (empty when none), in Indonesian.
    public var referralReasons: [String]

    /// True when the child must be referred to the puskesmas.
    public var refer: Bool { !referralReasons.isEmpty }
}

extension GrowthAssessment {
    /// No assessment: a check without a weight (no mark, nothing to refer for).
    public static let none = GrowthAssessment(trend: .diluarUmur, gainGrams: nil, minimumGainGrams: nil, belowRedLine: false,
                                              twiceNotGaining: false, referralReasons: [])
}
