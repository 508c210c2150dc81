import Foundation

/// One row of a WHO LMS table: Box-Cox power `l`, median `m` and coefficient of variation `s`.
struct LMS: Sendable, Hashable {
    /// Box-Cox power (L).
    var l: Double
    /// Median (M).
    var m: Double
    /// Coefficient of variation (S).
    var s: Double

    /// The unrestricted LMS z-score of `y` (README rule 2). O(1).
    ///
    /// z = ((y / M)^L − 1) / (L·S), or ln(y / M) / S when L = 0.
    @inline(__always)
    func zScore(_ y: Double) -> Double {
        if l == 0 { return log(y / m) / s }
        if l == 1 { return (y / m - 1) / s }
        return (pow(y / m, l) - 1) / (l * s)
    }

    /// The measurement lying `k` standard deviations from the median: SD(k) = M·(1 + L·S·k)^(1/L)
    /// (M·e^(S·k) when L = 0). O(1).
    @inline(__always)
    func sd(_ k: Double) -> Double {
        if l == 0 { return m * exp(s * k) }
        return m * pow(1 + l * s * k, 1 / l)
    }

    /// The WHO restricted z-score of `y` (README rule 3): beyond ±3 the distance is measured
    /// in units of the 2–3 SD interval instead of following the LMS curve. O(1).
    @inline(__always)
    func restrictedZScore(_ y: Double) -> Double {
        let z = zScore(y)
        if z > 3 {
            let sd3 = sd(3), sd2 = sd(2)
            return 3 + (y - sd3) / (sd3 - sd2)
        }
        if z < -3 {
            let sd3 = sd(-3), sd2 = sd(-2)
            return -3 + (y - sd3) / (sd2 - sd3)
        }
        return z
    }

    /// Linear interpolation of L, M and S between `self` (fraction 0) and `other` (fraction 1).
    @inline(__always)
    func interpolated(to other: LMS, fraction t: Double) -> LMS {
        LMS(l: l + t * (other.l - l), m: m + t * (other.m - m), s: s + t * (other.s - s))
    }
}
