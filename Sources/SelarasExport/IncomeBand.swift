/// The analyst tier's monthly household income: a band instead of the exact rupiah figure
/// (which, next to the other survey columns, singles a household out).
///
/// Bands are in rupiah a month, each from its lower bound (included) to the next band's
/// (excluded). One boundary is Rp 3.9 million, the default repair-programme limit
/// (``RTLHThresholds/incomeLimit``, Balikpapan's 2025 minimum wage), so the bands and
/// `eligible_for_repair` agree under the default thresholds.
public enum IncomeBand {
    /// Each band's lower bound (Rp a month) and label (`3.0M-3.9M`, `7.5M+`), lowest first. The
    /// repair programme's boundary is ``RTLHThresholds/incomeLimit`` itself, not a copy of it.
    public static let bands: [(lower: Int64, label: String)] = {
        let bounds: [Int64] = [0, 1_000_000, 2_000_000, 3_000_000, RTLHThresholds().incomeLimit, 5_000_000, 7_500_000]
        func millions(_ v: Int64) -> String { v == 0 ? "0" : "\(v / 1_000_000).\(v % 1_000_000 / 100_000)M" }
        return bounds.indices.map { i in
            (bounds[i], i + 1 < bounds.count ? "\(millions(bounds[i]))-\(millions(bounds[i + 1]))" : "\(millions(bounds[i]))+")
        }
    }()

    /// Every label, lowest band first (the column's categories).
    public static var labels: [String] { bands.map(\.label) }

    /// The label of the band holding `rupiah` (the lowest band for a negative figure, which
    /// the schema refuses anyway).
    public static func label(_ rupiah: Int64) -> String {
        var label = bands[0].label
        for band in bands where rupiah >= band.lower { label = band.label }
        return label
    }
}
