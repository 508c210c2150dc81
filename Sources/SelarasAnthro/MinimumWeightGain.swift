/// The KBM (*Kenaikan Berat badan Minimal*): the least a child must gain in one month for the
/// weighing to count as **N** (naik) on the KMS, by the child's age in completed months at the
/// weighing, as printed in the Buku KIA and in Permenkes 155/2010 (Penggunaan KMS bagi Balita).
///
/// | age (months) | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12–60 |
/// |---|---|---|---|---|---|---|---|---|---|---|---|---|
/// | KBM (g) | 800 | 900 | 800 | 600 | 500 | 400 | 400 | 300 | 300 | 300 | 200 | 200 |
public enum MinimumWeightGain {
    /// KBM in grams for ages 1 to 11 months (index 0 is month 1).
    static let firstYear: [Int] = [800, 900, 800, 600, 500, 400, 400, 300, 300, 300, 200]
    /// KBM in grams from 12 to 60 months.
    public static let fromOneYear = 200

    /// The KBM in grams for a child weighed at `ageMonths` completed months; nil at month 0
    /// (there is no earlier monthly weighing) and past 60 months (the KMS ends). O(1).
    public static func grams(ageMonths: Int) -> Int? {
        switch ageMonths {
        case 1...11: firstYear[ageMonths - 1]
        case 12...60: fromOneYear
        default: nil
        }
    }
}
