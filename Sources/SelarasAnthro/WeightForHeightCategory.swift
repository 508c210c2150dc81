/// Weight-for-length/height (BB/PB, BB/TB) and BMI-for-age (IMT/U) status per Permenkes
/// No. 2 Tahun 2020.
///
/// | case | z |
/// |---|---|
/// | ``giziBuruk`` | z < −3 |
/// | ``giziKurang`` | −3 ≤ z < −2 |
/// | ``giziBaik`` | −2 ≤ z ≤ +1 |
/// | ``berisikoGiziLebih`` | +1 < z ≤ +2 |
/// | ``giziLebih`` | +2 < z ≤ +3 |
/// | ``obesitas`` | z > +3 |
public enum WeightForHeightCategory: String, Sendable, CaseIterable {
    /// Gizi buruk (severely wasted): z < −3.
    case giziBuruk = "gizi_buruk"
    /// Gizi kurang (wasted): −3 ≤ z < −2.
    case giziKurang = "gizi_kurang"
    /// Gizi baik (normal): −2 ≤ z ≤ +1.
    case giziBaik = "gizi_baik"
    /// Berisiko gizi lebih (possible risk of overweight): +1 < z ≤ +2.
    case berisikoGiziLebih = "berisiko_gizi_lebih"
    /// Gizi lebih (overweight): +2 < z ≤ +3.
    case giziLebih = "gizi_lebih"
    /// Obesitas (obese): z > +3.
    case obesitas = "obesitas"

    /// The category of a weight-for-length/height or BMI-for-age z-score. O(1).
    ///
    /// - Parameter z: the z-score (use the rounded value the report shows).
    ///   A NaN is classified as ``obesitas``; do not pass NaN.
    public static func classify(_ z: Double) -> WeightForHeightCategory {
        if z < -3 { return .giziBuruk }
        if z < -2 { return .giziKurang }
        if z <= 1 { return .giziBaik }
        if z <= 2 { return .berisikoGiziLebih }
        if z <= 3 { return .giziLebih }
        return .obesitas
    }

    /// The Indonesian label, e.g. "Gizi buruk".
    public var label: String {
        switch self {
        case .giziBuruk: "Gizi buruk"
        case .giziKurang: "Gizi kurang"
        case .giziBaik: "Gizi baik"
        case .berisikoGiziLebih: "Berisiko gizi lebih"
        case .giziLebih: "Gizi lebih"
        case .obesitas: "Obesitas"
        }
    }

    /// The English label, e.g. "Severely wasted".
    public var englishLabel: String {
        switch self {
        case .giziBuruk: "Severely wasted"
        case .giziKurang: "Wasted"
        case .giziBaik: "Normal"
        case .berisikoGiziLebih: "Possible risk of overweight"
        case .giziLebih: "Overweight"
        case .obesitas: "Obese"
        }
    }
}
