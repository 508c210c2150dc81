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
        guard let measured = c.value(2)?.date, let born, let sex else {
            ageDays = nil
            result = AnthroResult()
            return
        }
        let days = measured.days(since: born)
        ageDays = days
        result = standards.zScores(AnthroInput(
            sex: sex == "L" ? .male : .female, ageDays: days,
            weightKg: c.value(3)?.number.map { Double($0) / 10 }, lengthHeightCm: c.value(4)?.number.map { Double($0) / 10 },
            position: Self.position(c.value(5)),
            headCircumferenceCm: headAndArm ? c.value(6)?.number.map { Double($0) / 10 } : nil,
            muacCm: headAndArm ? c.value(7)?.number.map { Double($0) / 10 } : nil,
            oedema: c.value(8)?.bool ?? false))
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

extension FieldMap: CheckFields {}
extension EntityState: CheckFields {}
