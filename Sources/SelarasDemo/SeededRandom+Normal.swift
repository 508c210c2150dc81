import SelarasModel

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension SeededRandom {
    /// A normally distributed value (Box–Muller), for plausible demo weights and heights.
    /// - Parameters:
    ///   - mean: the distribution's mean.
    ///   - sd: its standard deviation.
    public mutating func normal(mean: Double, sd: Double) -> Double {
        let u1 = max(Double.random(in: 0..<1, using: &self), 1e-12)
        let u2 = Double.random(in: 0..<1, using: &self)
        return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
