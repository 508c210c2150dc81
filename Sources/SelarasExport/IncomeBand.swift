/// The analyst tier's monthly household income: a band instead of the exact rupiah figure
/// (which, next to the other survey columns, singles a household out).
///
/// Bands are in rupiah a month, each from its lower bound (included) to the next band's
/// (excluded). One boundary is Rp 3.9 million, the default repair-programme limit
/// (``RTLHThresholds/incomeLimit``, Balikpapan's 2025 minimum wage), so the bands and
/// `eligible_for_repair` agree under the default thresholds.
public enum IncomeBand {
    /// Each band's lower bound (Rp a month) and label, lowest first.
    public static let bands: [(lower: Int64, label: String)] = [
        (0, "0-1.0M"), (1_000_000, "1.0M-2.0M"), (2_000_000, "2.0M-3.0M"), (3_000_000, "3.0M-3.9M"),
        (3_900_000, "3.9M-5.0M"), (5_000_000, "5.0M-7.5M"), (7_500_000, "7.5M+"),
    ]

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
