/// Two-decimal formatting of z-scores, as e-PPGBM writes them.
enum ZScoreText {
    static func format(_ z: Double) -> String {
        // A z-score from an absurd measurement (the row is refused anyway) is shown as it is.
        guard z.isFinite, abs(z) < 1e12 else { return "\(z)" }
        let n = Int64((z * 100).rounded())
        let a = n.magnitude
        let frac = a % 100
        return "\(n < 0 ? "-" : "")\(a / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}
