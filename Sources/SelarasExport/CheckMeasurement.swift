import SelarasAnthro
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
    init(check c: FieldMap, born: LocalDate?, sex: String?, standards: GrowthStandards) {
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
            position: c.value(5)?.text == "lying" ? .lying : c.value(5)?.text == "standing" ? .standing : .unknown,
            headCircumferenceCm: c.value(6)?.number.map { Double($0) / 10 }, muacCm: c.value(7)?.number.map { Double($0) / 10 },
            oedema: c.value(8)?.bool ?? false))
    }
}
