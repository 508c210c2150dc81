extension AnthroResult {
    /// Sets the six implausible-value flags from the z-scores, by WHO's limits (see each flag's
    /// documentation): the one place these limits live, used by
    /// ``GrowthStandards/zScores(_:)`` and by ``PackedAnthroResult/result``.
    /// A flag is `false` when its z-score is `nil`; ``positionFlag`` is left as it is.
    mutating func setFlagsFromZScores() {
        flagWaz = waz.map { $0 < -6 || $0 > 5 } ?? false
        flagHaz = haz.map { abs($0) > 6 } ?? false
        flagWhz = whz.map { abs($0) > 5 } ?? false
        flagBaz = baz.map { abs($0) > 5 } ?? false
        flagHcz = hcz.map { abs($0) > 5 } ?? false
        flagAcz = acz.map { abs($0) > 5 } ?? false
    }
}
