import Testing
import SelarasModel
import SelarasTestSupport

@Suite("Field parsing")
struct FieldParsingTests {
    let today = SampleRecords.today
    let check = RecordSchema.growthCheck
    let child = RecordSchema.child

    func spec(_ schema: RecordSchema, _ name: String) throws -> FieldSpec {
        try #require(schema.field(named: name), "no field \(name)")
    }

    func refusal(_ spec: FieldSpec, _ text: String) -> ModelError? {
        do {
            let v = try spec.parse(text, today: today)
            Issue.record("\(spec.name): '\(text)' was accepted as \(v)")
            return nil
        } catch { return error }
    }

    @Test("weight 0 is refused, naming the field, the value and the allowed range")
    func weightZero() throws {
        let e = try #require(refusal(try spec(check, "weight"), "0"))
        #expect(e.code == .invalidValue)
        #expect(e.message.hasPrefix("weight_kg:"))
        #expect(e.message.contains("'0'"))
        #expect(e.message.contains("0.5–40.0 kg"))
    }

    @Test("out-of-range and malformed values name field, value and range", arguments: [
        ("weight", "41", "weight_kg", "0.5–40.0 kg"),
        ("weight", "8.45", "weight_kg", "at most 1 decimal"),
        ("weight", "abc", "weight_kg", "0.5–40.0 kg"),
        ("length", "34.9", "length_height_cm", "35.0–140.0 cm"),
        ("length", "140.1", "length_height_cm", "35.0–140.0 cm"),
        ("head", "19", "head_cm", "20.0–60.0 cm"),
        ("muac", "36", "muac_cm", "6.0–35.0 cm"),
        ("position", "sitting", "position", "one of lying, standing"),
        ("oedema", "maybe", "oedema", "yes or no"),
        ("vitamin-a", "green", "vitamin_a", "one of blue, red, none"),
        ("date", "2025-02-30", "measured_on", "YYYY-MM-DD"),
        ("child", "gc-0000000000000001-26-1", "child_id", "the id of a child"),
    ])
    func checkRefusals(flag: String, text: String, name: String, allowed: String) throws {
        let e = try #require(refusal(try spec(check, flag), text))
        #expect(e.message.hasPrefix("\(name):"), "\(e.message)")
        #expect(e.message.contains("'\(text)'"), "\(e.message)")
        #expect(e.message.contains(allowed), "\(e.message)")
    }

    @Test("child fields refuse bad NIK, sex, birth weight and phone", arguments: [
        ("nik", "12345", "nik", "exactly 16 digits"),
        ("nik", "12345678901234ab", "nik", "exactly 16 digits"),
        ("sex", "X", "sex", "one of L, P"),
        ("birth-weight", "0.2", "birth_weight_kg", "0.30–7.00 kg"),
        ("phone", "12-34", "phone", "8–15 digits"),
        ("rt", "0", "rt", "1–999"),
        ("kelurahan", "Atlantis", "kelurahan", "Manggar"),
        ("name", "", "name", "at most 120 characters and 480 bytes"),
    ])
    func childRefusals(flag: String, text: String, name: String, allowed: String) throws {
        let e = try #require(refusal(try spec(child, flag), text))
        #expect(e.message.hasPrefix("\(name):"), "\(e.message)")
        #expect(e.message.contains("'\(text)'"), "\(e.message)")
        #expect(e.message.contains(allowed), "\(e.message)")
    }

    @Test("a future date is refused")
    func futureDate() throws {
        let e = try #require(refusal(try spec(check, "date"), "2025-03-16"))
        #expect(e.message.hasPrefix("measured_on:"))
        #expect(e.message.contains("2025-03-16"))
        #expect(e.message.contains("in the future"))
        #expect(e.message.contains("not in the future"))
        #expect(try spec(check, "date").parse("2025-03-15", today: today) == .date(today))
    }

    @Test("sex accepts L/P and the aliases M/F, male/female, any case", arguments: [
        ("L", "L"), ("p", "P"), ("M", "L"), ("m", "L"), ("F", "P"), ("f", "P"), ("male", "L"), ("Female", "P"),
    ])
    func sexAliases(text: String, expected: String) throws {
        #expect(try spec(child, "sex").parse(text, today: today) == .text(expected))
    }

    @Test("decimals accept a comma or a point, trailing zeros and surrounding spaces", arguments: [
        ("8,4", 84), ("8.4", 84), (" 8,4 ", 84), ("8", 80), ("8,40", 84), ("12.0", 120), ("0,5", 5),
    ])
    func decimalComma(text: String, tenths: Int64) throws {
        #expect(try spec(check, "weight").parse(text, today: today) == .number(tenths))
    }

    @Test("malformed decimals are refused", arguments: ["8,4,1", "8.", ",4", "8.4.1", "8,45", "1e1", "--8", ""])
    func malformedDecimals(text: String) throws {
        _ = try #require(refusal(try spec(check, "weight"), text))
    }

    @Test("choices accept Indonesian aliases")
    func choiceAliases() throws {
        #expect(try spec(check, "position").parse("berdiri", today: today) == .text("standing"))
        #expect(try spec(check, "position").parse("Terlentang", today: today) == .text("lying"))
        #expect(try spec(check, "vitamin-a").parse("merah", today: today) == .text("red"))
        #expect(try spec(check, "oedema").parse("tidak", today: today) == .bool(false))
        #expect(try spec(check, "oedema").parse("Ya", today: today) == .bool(true))
    }

    @Test("fields are found by flag or column name")
    func fieldLookup() {
        #expect(check.field(named: "weight")?.tag == 3)
        #expect(check.field(named: "weight_kg")?.tag == 3)
        #expect(check.field(named: "WEIGHT-KG")?.tag == 3)
        #expect(check.field(named: "weight-grams") == nil)
    }

    @Test("schema parse reports every problem, unknown and duplicate fields included")
    func schemaParse() {
        let (fields, errors) = check.parse([
            ("weight", "8,4"), ("length", "abc"), ("colour", "blue"), ("weight_kg", "9"), ("notes", "  "),
        ], today: today)
        #expect(fields[3] == .number(84))
        #expect(fields[14] == nil)
        #expect(errors.count == 3)
        #expect(errors.map(\.code) == [.invalidValue, .unknownField, .invalidValue])
        #expect(errors[1].message.hasPrefix("colour:"))
        #expect(errors[2].message.contains("given twice"))
    }
}

@Suite("Record validation")
struct RecordValidationTests {
    let validator = RecordValidator(today: SampleRecords.today)
    let childID = EntityID(kind: .child, origin: Dot(stream: StreamID(origin: ReplicaID(rawValue: 7), kelurahanCode: 26), seq: 1))

    func errors(_ issues: [ValidationIssue]) -> [ValidationIssue] { issues.filter { $0.severity == .error } }
    func warnings(_ issues: [ValidationIssue]) -> [ValidationIssue] { issues.filter { $0.severity == .warning } }

    @Test("the sample records are valid")
    func samplesValid() {
        #expect(validator.validate(.child, SampleRecords.child()).isEmpty)
        #expect(validator.validate(.growthCheck, SampleRecords.growthCheck(child: childID), child: SampleRecords.child()).isEmpty)
        #expect(validator.validate(.houseSurvey, SampleRecords.houseSurvey()).isEmpty)
    }

    @Test("a missing required field is named with what is allowed")
    func missingRequired() {
        var f = SampleRecords.child()
        f[5] = nil
        let e = errors(validator.validate(.child, f))
        #expect(e.count == 1)
        #expect(e.first?.field == "born")
        #expect(e.first?.message.contains("a date dd/mm/yyyy or YYYY-MM-DD") == true)
    }

    @Test("a decoded future date is refused by the validator")
    func futureDateInRecord() {
        var f = SampleRecords.growthCheck(child: childID)
        f[2] = .date(SampleRecords.today.adding(days: 1))
        let e = errors(validator.validate(.growthCheck, f, child: SampleRecords.child()))
        #expect(e.map(\.field).contains("measured_on"))
        #expect(e.first?.message.contains("2025-03-16") == true)
    }

    @Test("a check before the child's birth is refused, naming both dates")
    func checkBeforeBirth() {
        let born = LocalDate(year: 2024, month: 5, day: 10)!
        let f = SampleRecords.growthCheck(child: childID, measured: LocalDate(year: 2024, month: 5, day: 9)!)
        let e = errors(validator.validate(.growthCheck, f, child: SampleRecords.child(born: born)))
        #expect(e.count == 1)
        #expect(e.first?.field == "measured_on")
        #expect(e.first?.message.contains("2024-05-09") == true)
        #expect(e.first?.message.contains("2024-05-10") == true)
        // The day of birth itself is fine.
        let ok = SampleRecords.growthCheck(child: childID, measured: born, weightTenths: 32, lengthTenths: 500)
        #expect(errors(validator.validate(.growthCheck, ok, child: SampleRecords.child(born: born))).isEmpty)
    }

    @Test("60 months or older is refused; 59 months is fine")
    func sixtyMonths() {
        let born = LocalDate(year: 2020, month: 1, day: 1)!
        let old = SampleRecords.growthCheck(child: childID, measured: LocalDate(year: 2025, month: 1, day: 1)!, lengthTenths: 1100, position: "standing")
        let e = errors(validator.validate(.growthCheck, old, child: SampleRecords.child(born: born)))
        #expect(e.count == 1)
        #expect(e.first?.field == "measured_on")
        #expect(e.first?.message.contains("60 months") == true)
        let young = SampleRecords.growthCheck(child: childID, measured: LocalDate(year: 2024, month: 12, day: 1)!, lengthTenths: 1100, position: "standing")
        #expect(errors(validator.validate(.growthCheck, young, child: SampleRecords.child(born: born))).isEmpty)
    }

    @Test("a standing measurement under 9 months is kept with a warning")
    func standingInfant() {
        let born = LocalDate(year: 2024, month: 10, day: 1)!
        let f = SampleRecords.growthCheck(child: childID, measured: LocalDate(year: 2025, month: 3, day: 1)!,
                                          weightTenths: 70, lengthTenths: 640, position: "standing")
        var g = f
        g[9] = nil // no vitamin A: only the position warning
        let issues = validator.validate(.growthCheck, g, child: SampleRecords.child(born: born))
        #expect(errors(issues).isEmpty)
        #expect(warnings(issues).map(\.field) == ["position"])
        #expect(issues.first?.message.contains("kept and flagged") == true)
    }

    @Test("a length without a position is refused")
    func lengthNeedsPosition() {
        var f = SampleRecords.growthCheck(child: childID)
        f[5] = nil
        #expect(errors(validator.validate(.growthCheck, f)).map(\.field) == ["position"])
    }

    @Test("errors come before warnings")
    func ordering() {
        let born = LocalDate(year: 2024, month: 10, day: 1)!
        var f = SampleRecords.growthCheck(child: childID, measured: LocalDate(year: 2025, month: 3, day: 1)!,
                                          weightTenths: 70, lengthTenths: 640, position: "standing")
        f[12] = nil
        f[99] = nil
        var c = SampleRecords.child(born: born)
        c[3] = nil
        let issues = validator.validate(.growthCheck, f.removing(1), child: c)
        #expect(issues.first?.severity == .error)
        #expect(issues.last?.severity == .warning)
    }

    @Test("a survey needs both GPS coordinates or neither")
    func gpsPair() {
        var f = SampleRecords.houseSurvey()
        f[9] = nil
        #expect(errors(validator.validate(.houseSurvey, f)).map(\.field) == ["latitude"])
        f[8] = nil
        #expect(validator.validate(.houseSurvey, f).isEmpty)
    }
}

extension FieldMap {
    func removing(_ tag: UInt8) -> FieldMap {
        var m = self
        m[tag] = nil
        return m
    }
}
