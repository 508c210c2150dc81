import SelarasModel

private typealias C = FieldKey.Child
private typealias G = FieldKey.GrowthCheck
private typealias H = FieldKey.HouseSurvey

/// Builders of valid records and drafts for tests. Every builder's result passes
/// ``RecordValidator`` with ``SampleRecords/today``.
public enum SampleRecords: Sendable {
    /// The date tests treat as today (2025-03-15).
    public static let today = LocalDate(year: 2025, month: 3, day: 15)!
    /// A fixed wall-clock time for drafts (2025-03-15T02:00:00Z), so that bytes are reproducible.
    public static let recordedAt: Int64 = 1_742_004_000_000
    /// The kelurahan used by default (code 26, Manggar).
    public static let kelurahan = Kelurahan(name: "Manggar")!

    /// A child: name, sex, date of birth, mother, RT/RW, kelurahan, posyandu.
    /// - Parameters:
    ///   - name: the child's name.
    ///   - sex: `L` or `P`.
    ///   - born: date of birth (defaults to 2023-06-01).
    ///   - nik: an optional 16-digit NIK.
    public static func child(name: String = "Siti Aminah", sex: String = "P",
                             born: LocalDate = LocalDate(year: 2023, month: 6, day: 1)!,
                             nik: String? = nil) -> FieldMap {
        var f = FieldMap([
            (C.name, .text(name)), (C.sex, .text(sex)), (C.born, .date(born)), (C.mother, .text("Nurul Hidayah")),
            (C.rt, .number(3)), (C.rw, .number(7)), (C.kelurahan, .text(kelurahan.name)), (C.posyandu, .text("Posyandu Melati")),
        ])
        if let nik { f[C.nik] = .text(nik) }
        return f
    }

    /// A growth check of `child` with weight (kg × 10), length/height (cm × 10) and position.
    /// - Parameters:
    ///   - child: the child's id.
    ///   - measured: the measurement date (defaults to 2025-02-10).
    ///   - weightTenths: weight in 0.1 kg (84 = 8.4 kg).
    ///   - lengthTenths: length or height in 0.1 cm.
    ///   - position: `lying` or `standing`.
    public static func growthCheck(child: EntityID, measured: LocalDate = LocalDate(year: 2025, month: 2, day: 10)!,
                                   weightTenths: Int64 = 104, lengthTenths: Int64 = 812,
                                   position: String = "lying") -> FieldMap {
        FieldMap([
            (G.child, .reference(child)), (G.measuredOn, .date(measured)), (G.weight, .number(weightTenths)), (G.lengthHeight, .number(lengthTenths)),
            (G.position, .text(position)), (G.muac, .number(145)), (G.oedema, .bool(false)), (G.vitaminA, .text("red")), (G.cadre, .text("Bu Rina")),
            (G.posyandu, .text("Posyandu Melati")),
        ])
    }

    /// An RTLH house survey.
    /// - Parameters:
    ///   - head: the household head's name.
    ///   - occupants: number of occupants.
    ///   - floorAreaTenths: floor area in 0.1 m².
    public static func houseSurvey(head: String = "Pak Budi", occupants: Int64 = 5, floorAreaTenths: Int64 = 300) -> FieldMap {
        FieldMap([
            (H.headName, .text(head)), (H.address, .text("Jl. Mulawarman RT 12")), (H.rt, .number(12)), (H.rw, .number(3)),
            (H.kelurahan, .text(kelurahan.name)), (H.latitude, .number(-1_234_567)), (H.longitude, .number(116_987_654)),
            (H.occupants, .number(occupants)), (H.floorArea, .number(floorAreaTenths)), (H.landOwnership, .text("own")), (H.houseOwnership, .text("own")),
            (H.income, .number(2_500_000)), (H.roofMaterial, .text("metal")), (H.roofDamaged, .bool(true)), (H.wallMaterial, .text("board")),
            (H.floorMaterial, .text("wood")), (H.structure, .text("sound")), (H.electricity, .text("pln")), (H.ventilation, .bool(false)),
            (H.toilet, .text("shared")), (H.waterSource, .text("protected-well")), (H.surveyor, .text("Bu Sari")),
            (H.surveyedOn, .date(LocalDate(year: 2025, month: 1, day: 20)!)),
        ])
    }

    /// A draft creating a child in `kelurahanCode`'s stream.
    public static func childDraft(_ n: Int = 0, kelurahanCode: UInt16 = kelurahan.code) -> EventDraft {
        .create(.child, child(name: "Anak \(n)", sex: n % 2 == 0 ? "L" : "P"), kelurahanCode: kelurahanCode,
                author: "Bu Rina", recordedAt: recordedAt + Int64(n))
    }

    /// A draft creating a growth check of `child`.
    public static func growthCheckDraft(child: EntityID, _ n: Int = 0, kelurahanCode: UInt16 = kelurahan.code) -> EventDraft {
        .create(.growthCheck, growthCheck(child: child, weightTenths: 80 + Int64(n % 50)), kelurahanCode: kelurahanCode,
                author: "Bu Rina", recordedAt: recordedAt + Int64(n))
    }

    /// A draft creating a house survey.
    public static func houseSurveyDraft(_ n: Int = 0, kelurahanCode: UInt16 = kelurahan.code) -> EventDraft {
        .create(.houseSurvey, houseSurvey(head: "Kepala \(n)", occupants: Int64(1 + n % 9)), kelurahanCode: kelurahanCode,
                author: "Bu Sari", recordedAt: recordedAt + Int64(n))
    }

    /// A draft correcting a child's name, having seen `context`.
    public static func correctionDraft(of entity: EntityID, context: [Dot], name: String = "Siti Aminah Putri") -> EventDraft {
        .change(entity, context: context, .correct(FieldMap([(C.name, .text(name))]), reason: "spelling"),
                author: "Bu Rina", recordedAt: recordedAt)
    }

    /// A draft voiding a record, having seen `context`.
    public static func voidDraft(of entity: EntityID, context: [Dot]) -> EventDraft {
        .change(entity, context: context, .void(reason: "entered twice"), author: "Bu Rina", recordedAt: recordedAt)
    }

    /// A mixed sequence of `count` drafts (children, checks of a synthetic child, surveys) for `kelurahanCode`.
    public static func mixedDrafts(_ count: Int, start: Int = 0, kelurahanCode: UInt16 = kelurahan.code) -> [EventDraft] {
        let someChild = EntityID(kind: .child, origin: Dot(stream: StreamID(origin: ReplicaID(rawValue: 0xfeed), kelurahanCode: kelurahanCode), seq: 1))
        return (start..<start + count).map { n in
            switch n % 3 {
            case 0: childDraft(n, kelurahanCode: kelurahanCode)
            case 1: growthCheckDraft(child: someChild, n, kelurahanCode: kelurahanCode)
            default: houseSurveyDraft(n, kelurahanCode: kelurahanCode)
            }
        }
    }
}
