/// One anthropometric measurement of a child, the input to ``GrowthStandards/zScores(_:)``.
///
/// Measurements that are `nil`, not finite or not positive produce `nil` z-scores for the
/// indicators that need them.
public struct AnthroInput: Sendable, Hashable {
    /// The child's sex.
    public var sex: AnthroSex
    /// Age at measurement in whole days (measurement date − date of birth).
    public var ageDays: Int
    /// Body weight in kilograms.
    public var weightKg: Double?
    /// Recumbent length or standing height in centimetres, as measured (before any adjustment).
    public var lengthHeightCm: Double?
    /// The position in which ``lengthHeightCm`` was measured.
    public var position: MeasuredPosition
    /// Head circumference in centimetres.
    public var headCircumferenceCm: Double?
    /// Mid-upper arm circumference (MUAC) in centimetres.
    public var muacCm: Double?
    /// Whether bilateral pitting oedema was observed; if so, weight-based z-scores are not computed.
    public var oedema: Bool

    /// Creates a measurement.
    ///
    /// - Parameters:
    ///   - sex: the child's sex.
    ///   - ageDays: age in whole days at measurement.
    ///   - weightKg: weight in kg, or `nil` if not measured.
    ///   - lengthHeightCm: length/height in cm as measured, or `nil`.
    ///   - position: measuring position; defaults to ``MeasuredPosition/unknown``.
    ///   - headCircumferenceCm: head circumference in cm, or `nil`.
    ///   - muacCm: mid-upper arm circumference in cm, or `nil`.
    ///   - oedema: bilateral pitting oedema present; defaults to `false`.
    public init(
        sex: AnthroSex,
        ageDays: Int,
        weightKg: Double? = nil,
        lengthHeightCm: Double? = nil,
        position: MeasuredPosition = .unknown,
        headCircumferenceCm: Double? = nil,
        muacCm: Double? = nil,
        oedema: Bool = false
    ) {
        self.sex = sex
        self.ageDays = ageDays
        self.weightKg = weightKg
        self.lengthHeightCm = lengthHeightCm
        self.position = position
        self.headCircumferenceCm = headCircumferenceCm
        self.muacCm = muacCm
        self.oedema = oedema
    }
}
