/// The KMS mark of one weighing, as the cadre writes it in the register (SKDN).
public enum WeighingTrend: String, Sendable, Hashable, CaseIterable {
    /// **N** (naik): gained at least the KBM since last month's weighing.
    case naik = "N"
    /// **T** (tidak naik): gained less than the KBM, kept the same weight or lost weight.
    case tidakNaik = "T"
    /// **B** (baru): the child's first weighing; there is nothing to compare with.
    case baru = "B"
    /// **O**: the child was not weighed last month, so this weighing cannot be judged N or T.
    case bulanLaluTidakDitimbang = "O"
    /// Out of the KMS's ages (month 0 or past 60 months): no mark.
    case diluarUmur = "-"

    /// The Indonesian words shown beside the letter.
    public var label: String {
        switch self {
        case .naik: "Naik (N)"
        case .tidakNaik: "Tidak naik (T)"
        case .baru: "Baru pertama kali ditimbang (B)"
        case .bulanLaluTidakDitimbang: "Bulan lalu tidak ditimbang (O)"
        case .diluarUmur: "Di luar umur KMS"
        }
    }
}
