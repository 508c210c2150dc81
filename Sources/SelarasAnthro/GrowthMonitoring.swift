/// The posyandu's monthly growth-monitoring rules (Buku KIA; Permenkes 155/2010 on the KMS;
/// Permenkes 2/2020 for the z-score thresholds):
///
/// - **N/T**: a weighing is compared with the weighing of the calendar month before. It is N
///   when the gain in whole grams is at least the ``MinimumWeightGain`` for the child's age in
///   completed months at this weighing, else T. A first weighing is B; one with no weighing the
///   month before is O.
/// - **2T**: this weighing and last month's weighing are both T.
/// - **BGM**: the weight-for-age z-score is below −3 (the red line of the WHO-2006-based KMS).
/// - **Rujuk ke puskesmas**: BGM, 2T, weight-for-length/height below −3 SD (gizi buruk),
///   bilateral pitting oedema, or a MUAC below 11.5 cm at 6–59 months.
public enum GrowthMonitoring {
    /// The MUAC (cm) below which a child of 6–59 months is severely wasted.
    public static let severeMUACcm = 11.5

    /// The N/T mark of the last weighing of `history` (in month order, one a month at most;
    /// when a month has several, pass the last of that month), with the gain and the KBM. O(1).
    public static func trend(_ history: [MonthlyWeighing]) -> (WeighingTrend, gain: Int?, kbm: Int?) {
        guard let now = history.last else { return (.baru, nil, nil) }
        guard history.count >= 2 else { return (.baru, nil, nil) }
        let before = history[history.count - 2]
        guard now.monthIndex - before.monthIndex == 1 else { return (.bulanLaluTidakDitimbang, nil, nil) }
        guard let kbm = MinimumWeightGain.grams(ageMonths: now.ageMonths) else { return (.diluarUmur, nil, nil) }
        let gain = Int(((now.weightKg - before.weightKg) * 1000).rounded())
        return (gain >= kbm ? .naik : .tidakNaik, gain, kbm)
    }

    /// **2T**: this weighing is T and so was last month's (a T implies last month was weighed).
    /// - Parameters:
    ///   - mark: this weighing's mark.
    ///   - previousMonth: the mark of last month's weighing, if any.
    public static func isTwiceNotGaining(_ mark: WeighingTrend, previousMonth: WeighingTrend?) -> Bool {
        mark == .tidakNaik && previousMonth == .tidakNaik
    }

    /// The assessment of the last weighing of `history`.
    /// - Parameters:
    ///   - history: the child's monthly weighings, in month order.
    ///   - waz: weight-for-age z of the last weighing, when computed.
    ///   - whz: weight-for-length/height z, when computed.
    ///   - oedema: bilateral pitting oedema seen.
    ///   - muacCm: MUAC, when measured.
    public static func assess(_ history: [MonthlyWeighing], waz: Double?, whz: Double? = nil,
                              oedema: Bool = false, muacCm: Double? = nil) -> GrowthAssessment {
        let (mark, gain, kbm) = trend(history)
        let previous: WeighingTrend? = mark == .tidakNaik && history.count >= 3 ? trend(Array(history.dropLast())).0 : nil
        let twice = isTwiceNotGaining(mark, previousMonth: previous)
        let bgm = waz.map { $0 < -3 } ?? false
        var reasons: [String] = []
        if bgm { reasons.append("BGM: berat badan di bawah garis merah (BB/U < −3 SD)") }
        if twice { reasons.append("2T: berat badan tidak naik dua kali berturut-turut") }
        if let whz, whz < -3 { reasons.append("Gizi buruk: BB/TB < −3 SD") }
        if oedema { reasons.append("Edema bilateral") }
        if let muacCm, let age = history.last?.ageMonths, (6...59).contains(age), muacCm < severeMUACcm {
            reasons.append("LiLA < 11,5 cm")
        }
        return GrowthAssessment(trend: mark, gainGrams: gain, minimumGainGrams: kbm, belowRedLine: bgm,
                                twiceNotGaining: twice, referralReasons: reasons)
    }
}
