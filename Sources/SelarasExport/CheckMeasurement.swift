import SelarasAnthro
import SelarasMerge
import SelarasModel

/// A check's WHO inputs and result.
struct CheckMeasurement: Equatable {
    let ageDays: Int?
    let result: AnthroResult

    init(ageDays: Int?, result: AnthroResult) {
        self.ageDays = ageDays
        self.result = result
    }

    /// Measures a check.
    /// - Parameters:
    ///   - c: the check's fields.
    ///   - born: the child's date of birth.
    ///   - sex: the child's sex as recorded ("L" is a boy; anything else is taken as a girl).
    ///   - standards: the WHO tables.
    ///   - headAndArm: false to leave out the head-circumference and MUAC z-scores (`hcz`, `acz`:
    ///     the indicators do not use them, and no other z-score depends on them).
    init(check c: some CheckFields, born: LocalDate?, sex: String?, standards: GrowthStandards, headAndArm: Bool = true) {
        let k = CheckKeys.shared
        guard let measured = c.value(k.measuredOn)?.date, let born, let sex else {
            ageDays = nil
            result = AnthroResult()
            return
        }
        let days = measured.days(since: born)
        ageDays = days
        result = standards.zScores(AnthroInput(
            sex: sex == "L" ? .male : .female, ageDays: days,
            weightKg: c.value(k.weight)?.number.map { Double($0) / k.weightDivisor },
            lengthHeightCm: c.value(k.lengthHeight)?.number.map { Double($0) / k.lengthHeightDivisor },
            position: Self.position(c.value(k.position)),
            headCircumferenceCm: headAndArm ? c.value(k.head)?.number.map { Double($0) / k.headDivisor } : nil,
            muacCm: headAndArm ? c.value(k.muac)?.number.map { Double($0) / k.muacDivisor } : nil,
            oedema: c.value(k.oedema)?.bool ?? false))
    }

    private static func position(_ v: FieldValue?) -> MeasuredPosition {
        switch v?.text { case "lying": .lying; case "standing": .standing; default: .unknown }
    }
}

/// Where a check's fields are read from: its decoded ``FieldMap`` (a row decodes every field
/// anyway), or its merged record (which decodes only the fields asked for).
protocol CheckFields {
    /// The field with this tag, or nil.
    func value(_ tag: UInt8) -> FieldValue?
}

extension CheckFields {
    /// The field with this typed key, or nil.
    func value(_ key: FieldKey) -> FieldValue? { value(key.tag) }
}

/// The tags and fixed-point divisors of the growth-check fields a measurement reads, taken from
/// the schema once (a measurement is made per row: no schema lookups in the loop).
private struct CheckKeys: Sendable {
    typealias K = FieldKey.GrowthCheck
    let measuredOn = K.measuredOn.tag, weight = K.weight.tag, lengthHeight = K.lengthHeight.tag, position = K.position.tag
    let head = K.head.tag, muac = K.muac.tag, oedema = K.oedema.tag
    let weightDivisor = K.weight.spec.type.fixedPointDivisor, lengthHeightDivisor = K.lengthHeight.spec.type.fixedPointDivisor
    let headDivisor = K.head.spec.type.fixedPointDivisor, muacDivisor = K.muac.spec.type.fixedPointDivisor
    static let shared = CheckKeys()
}

extension FieldMap: CheckFields {}
extension EntityState: CheckFields {}
