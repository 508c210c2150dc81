/// Length/height-for-age (PB/U, TB/U) status per Permenkes No. 2 Tahun 2020.
///
/// | case | z |
/// |---|---|
/// | ``sangatPendek`` | z < −3 |
/// | ``pendek`` | −3 ≤ z < −2 |
/// | ``normal`` | −2 ≤ z ≤ +3 |
/// | ``tinggi`` | z > +3 |
///
/// "Stunting" in reports is ``pendek`` + ``sangatPendek`` (z < −2), see ``isStunted``.
public enum HeightForAgeCategory: String, Sendable, CaseIterable {
    /// Sangat pendek (severely stunted): z < −3.
    case sangatPendek = "sangat_pendek"
    /// Pendek (stunted): −3 ≤ z < −2.
    case pendek = "pendek"
    /// Normal: −2 ≤ z ≤ +3.
    case normal = "normal"
    /// Tinggi (tall): z > +3.
    case tinggi = "tinggi"

    /// The category of a length/height-for-age z-score. O(1).
    ///
    /// - Parameter z: the length/height-for-age z-score (use the rounded value the report shows).
    ///   A NaN is classified as ``tinggi``; do not pass NaN.
    public static func classify(_ z: Double) -> HeightForAgeCategory {
        if z < -3 { return .sangatPendek }
        if z < -2 { return .pendek }
        if z <= 3 { return .normal }
        return .tinggi
    }

    /// Whether this category counts as stunting (z < −2).
    public var isStunted: Bool { self == .pendek || self == .sangatPendek }

    /// The Indonesian label, e.g. "Sangat pendek".
    public var label: String {
        switch self {
        case .sangatPendek: "Sangat pendek"
        case .pendek: "Pendek"
        case .normal: "Normal"
        case .tinggi: "Tinggi"
        }
    }

    /// The English label, e.g. "Severely stunted".
    public var englishLabel: String {
        switch self {
        case .sangatPendek: "Severely stunted"
        case .pendek: "Stunted"
        case .normal: "Normal"
        case .tinggi: "Tall"
        }
    }
}
