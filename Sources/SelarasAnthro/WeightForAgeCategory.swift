/// Weight-for-age (BB/U) status per Permenkes No. 2 Tahun 2020.
///
/// | case | z |
/// |---|---|
/// | ``sangatKurang`` | z < −3 |
/// | ``kurang`` | −3 ≤ z < −2 |
/// | ``normal`` | −2 ≤ z ≤ +1 |
/// | ``risikoLebih`` | z > +1 |
public enum WeightForAgeCategory: String, Sendable, CaseIterable {
    /// Berat badan sangat kurang (severely underweight): z < −3.
    case sangatKurang = "sangat_kurang"
    /// Berat badan kurang (underweight): −3 ≤ z < −2.
    case kurang = "kurang"
    /// Berat badan normal: −2 ≤ z ≤ +1.
    case normal = "normal"
    /// Risiko berat badan lebih (risk of overweight): z > +1.
    case risikoLebih = "risiko_lebih"

    /// The category of a weight-for-age z-score. O(1).
    ///
    /// - Parameter z: the weight-for-age z-score (use the rounded value the report shows).
    ///   A NaN falls through every comparison and is classified as ``risikoLebih``; do not pass NaN.
    public static func classify(_ z: Double) -> WeightForAgeCategory {
        if z < -3 { return .sangatKurang }
        if z < -2 { return .kurang }
        if z <= 1 { return .normal }
        return .risikoLebih
    }

    /// The Indonesian label as printed in KMS/Permenkes reports, e.g. "Berat badan sangat kurang".
    public var label: String {
        switch self {
        case .sangatKurang: "Berat badan sangat kurang"
        case .kurang: "Berat badan kurang"
        case .normal: "Berat badan normal"
        case .risikoLebih: "Risiko berat badan lebih"
        }
    }

    /// The English label, e.g. "Severely underweight".
    public var englishLabel: String {
        switch self {
        case .sangatKurang: "Severely underweight"
        case .kurang: "Underweight"
        case .normal: "Normal weight"
        case .risikoLebih: "Risk of overweight"
        }
    }
}
