import Testing
@testable import SelarasModel

@Suite struct FieldKeyTests {
    static let kinds: [(RecordKind, [FieldKey])] = [
        (.child, FieldKey.Child.all), (.growthCheck, FieldKey.GrowthCheck.all), (.houseSurvey, FieldKey.HouseSurvey.all),
    ]

    @Test("every field of every schema has exactly one key, in schema order", arguments: [RecordKind.child, .growthCheck, .houseSurvey])
    func keysCoverTheSchema(kind: RecordKind) {
        let keys = Self.kinds.first { $0.0 == kind }!.1
        #expect(keys.map(\.tag) == kind.schema.fields.map(\.tag))
        #expect(keys.map(\.name) == kind.schema.fields.map(\.name))
        #expect(keys.allSatisfy { $0.kind == kind })
    }

    @Test func decimalUsesTheSchemaScale() {
        var f = FieldMap()
        f[FieldKey.GrowthCheck.weight] = .number(84)
        f[FieldKey.HouseSurvey.latitude] = .number(-1_265_432)
        #expect(f.decimal(FieldKey.GrowthCheck.weight) == 8.4)
        #expect(f.decimal(FieldKey.HouseSurvey.latitude) == -1.265432)
        #expect(f.decimal(FieldKey.GrowthCheck.head) == nil)
        #expect(f[FieldKey.GrowthCheck.weight] == f[RecordSchema.growthCheck.field(named: "weight_kg")!.tag])
    }
}
