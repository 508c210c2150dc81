/// The z-scores and flags computed for one ``AnthroInput``.
///
/// Z-scores are rounded to 2 decimals and `nil` when not computable (age out of scope,
/// measurement missing, length outside the weight-for-length/height table, oedema for
/// weight-based indices). A flag is `false` whenever its z-score is `nil`.
public struct AnthroResult: Sendable, Hashable {
    /// Weight-for-age z-score (BB/U), restricted beyond ±3.
    public var waz: Double?
    /// Length/height-for-age z-score (PB/U, TB/U), not restricted.
    public var haz: Double?
    /// Weight-for-length (before day 731) or weight-for-height (from day 731) z-score (BB/PB, BB/TB), restricted beyond ±3.
    public var whz: Double?
    /// BMI-for-age z-score (IMT/U), from the adjusted length/height, restricted beyond ±3.
    public var baz: Double?
    /// Head-circumference-for-age z-score, not restricted.
    public var hcz: Double?
    /// MUAC-for-age z-score (defined from day 91), restricted beyond ±3.
    public var acz: Double?

    /// Implausible weight-for-age: ``waz`` < −6 or > 5 (WHO `fwei`).
    public var flagWaz: Bool
    /// Implausible length/height-for-age: |``haz``| > 6 (WHO `flen`).
    public var flagHaz: Bool
    /// Implausible weight-for-length/height: |``whz``| > 5 (WHO `fwfl`).
    public var flagWhz: Bool
    /// Implausible BMI-for-age: |``baz``| > 5 (WHO `fbmi`).
    public var flagBaz: Bool
    /// Implausible head-circumference-for-age: |``hcz``| > 5 (WHO `fhc`).
    public var flagHcz: Bool
    /// Implausible MUAC-for-age: |``acz``| > 5 (WHO `fac`).
    public var flagAcz: Bool
    /// A standing measurement was recorded under 9 months of age (WHO `c9mo_flag`); the
    /// length was then used without the 0.7 cm adjustment.
    public var positionFlag: Bool

    /// Creates a result; every z-score defaults to `nil` and every flag to `false`.
    ///
    /// - Parameters: one per stored property, see their documentation.
    public init(
        waz: Double? = nil, haz: Double? = nil, whz: Double? = nil,
        baz: Double? = nil, hcz: Double? = nil, acz: Double? = nil,
        flagWaz: Bool = false, flagHaz: Bool = false, flagWhz: Bool = false,
        flagBaz: Bool = false, flagHcz: Bool = false, flagAcz: Bool = false,
        positionFlag: Bool = false
    ) {
        self.waz = waz; self.haz = haz; self.whz = whz
        self.baz = baz; self.hcz = hcz; self.acz = acz
        self.flagWaz = flagWaz; self.flagHaz = flagHaz; self.flagWhz = flagWhz
        self.flagBaz = flagBaz; self.flagHcz = flagHcz; self.flagAcz = flagAcz
        self.positionFlag = positionFlag
    }

    /// Whether any implausible-value flag or the position flag is raised.
    public var hasAnyFlag: Bool {
        flagWaz || flagHaz || flagWhz || flagBaz || flagHcz || flagAcz || positionFlag
    }
}
