/// A typed name for one field of one record kind: how code outside `SelarasModel` names a field
/// instead of writing its wire tag.
///
/// The tag is not written here: each key looks its field up by column name in the kind's
/// ``RecordSchema``, which stays the one home of tags, types, units, scales and limits. A key
/// whose name is not in the schema stops the program the first time it is used (every key is
/// exercised by `FieldKeyTests`).
public struct FieldKey: Sendable, Hashable, CustomStringConvertible {
    /// The record kind the field belongs to.
    public let kind: RecordKind
    /// The field's wire tag (from the schema).
    public let tag: UInt8

    /// The key of the field with this column name in the kind's schema.
    /// - Precondition: the schema has such a field (a programming error otherwise, never input).
    init(_ kind: RecordKind, _ name: String) {
        guard let spec = kind.schema.fields.first(where: { $0.name == name }) else {
            preconditionFailure("RecordSchema.\(kind.name) has no field named \(name)")
        }
        self.kind = kind
        self.tag = spec.tag
    }

    /// The field's full specification (type, unit, scale, limits, help). O(1).
    public var spec: FieldSpec {
        guard let s = kind.schema.field(tag: tag) else { preconditionFailure("tag \(tag) left the \(kind.name) schema") }
        return s
    }

    /// The column name (`weight_kg`).
    public var name: String { spec.name }

    /// `kind.name`: column name, for messages.
    public var description: String { "\(kind.name).\(name)" }
}

extension FieldKey {
    /// The fields of a child record.
    public enum Child {
        /// The child's NIK.
        public static let nik = FieldKey(.child, "nik")
        /// Family card number (KK).
        public static let familyCard = FieldKey(.child, "family_card")
        /// The child's name.
        public static let name = FieldKey(.child, "name")
        /// Sex, `L` or `P`.
        public static let sex = FieldKey(.child, "sex")
        /// Date of birth.
        public static let born = FieldKey(.child, "born")
        /// Weight at birth.
        public static let birthWeight = FieldKey(.child, "birth_weight_kg")
        /// Length at birth.
        public static let birthLength = FieldKey(.child, "birth_length_cm")
        /// Mother's name.
        public static let mother = FieldKey(.child, "mother")
        /// Mother's NIK.
        public static let motherNIK = FieldKey(.child, "mother_nik")
        /// Father's name.
        public static let father = FieldKey(.child, "father")
        /// Street address.
        public static let address = FieldKey(.child, "address")
        /// RT.
        public static let rt = FieldKey(.child, "rt")
        /// RW.
        public static let rw = FieldKey(.child, "rw")
        /// Kelurahan name.
        public static let kelurahan = FieldKey(.child, "kelurahan")
        /// Posyandu name.
        public static let posyandu = FieldKey(.child, "posyandu")
        /// A parent's phone.
        public static let phone = FieldKey(.child, "phone")
        /// Every key, in schema order.
        public static var all: [FieldKey] {
            [nik, familyCard, name, sex, born, birthWeight, birthLength, mother, motherNIK, father, address, rt, rw,
             kelurahan, posyandu, phone]
        }
    }

    /// The fields of a growth check.
    public enum GrowthCheck {
        /// The child measured.
        public static let child = FieldKey(.growthCheck, "child_id")
        /// Measurement date.
        public static let measuredOn = FieldKey(.growthCheck, "measured_on")
        /// Weight.
        public static let weight = FieldKey(.growthCheck, "weight_kg")
        /// Length (lying) or height (standing).
        public static let lengthHeight = FieldKey(.growthCheck, "length_height_cm")
        /// `lying` or `standing`.
        public static let position = FieldKey(.growthCheck, "position")
        /// Head circumference.
        public static let head = FieldKey(.growthCheck, "head_cm")
        /// Mid-upper-arm circumference.
        public static let muac = FieldKey(.growthCheck, "muac_cm")
        /// Bilateral pitting oedema.
        public static let oedema = FieldKey(.growthCheck, "oedema")
        /// Vitamin A capsule given.
        public static let vitaminA = FieldKey(.growthCheck, "vitamin_a")
        /// Exclusively breastfed.
        public static let exclusiveBreastfeeding = FieldKey(.growthCheck, "exclusive_breastfeeding")
        /// Immunisation given.
        public static let immunisation = FieldKey(.growthCheck, "immunisation")
        /// The cadre who measured.
        public static let cadre = FieldKey(.growthCheck, "cadre")
        /// Posyandu name.
        public static let posyandu = FieldKey(.growthCheck, "posyandu")
        /// Notes.
        public static let notes = FieldKey(.growthCheck, "notes")
        /// Every key, in schema order.
        public static var all: [FieldKey] {
            [child, measuredOn, weight, lengthHeight, position, head, muac, oedema, vitaminA, exclusiveBreastfeeding,
             immunisation, cadre, posyandu, notes]
        }
    }

    /// The fields of an RTLH house survey.
    public enum HouseSurvey {
        /// Household head's name.
        public static let headName = FieldKey(.houseSurvey, "head_name")
        /// Household head's NIK.
        public static let headNIK = FieldKey(.houseSurvey, "head_nik")
        /// Family card number (KK).
        public static let familyCard = FieldKey(.houseSurvey, "family_card")
        /// Street address.
        public static let address = FieldKey(.houseSurvey, "address")
        /// RT.
        public static let rt = FieldKey(.houseSurvey, "rt")
        /// RW.
        public static let rw = FieldKey(.houseSurvey, "rw")
        /// Kelurahan name.
        public static let kelurahan = FieldKey(.houseSurvey, "kelurahan")
        /// GPS latitude.
        public static let latitude = FieldKey(.houseSurvey, "latitude")
        /// GPS longitude.
        public static let longitude = FieldKey(.houseSurvey, "longitude")
        /// Number of occupants.
        public static let occupants = FieldKey(.houseSurvey, "occupants")
        /// Floor area.
        public static let floorArea = FieldKey(.houseSurvey, "floor_area_m2")
        /// Who owns the land.
        public static let landOwnership = FieldKey(.houseSurvey, "land_ownership")
        /// Who owns the house.
        public static let houseOwnership = FieldKey(.houseSurvey, "house_ownership")
        /// Monthly household income.
        public static let income = FieldKey(.houseSurvey, "income_rp")
        /// Roof material.
        public static let roofMaterial = FieldKey(.houseSurvey, "roof_material")
        /// Roof damaged or leaking.
        public static let roofDamaged = FieldKey(.houseSurvey, "roof_damaged")
        /// Wall material.
        public static let wallMaterial = FieldKey(.houseSurvey, "wall_material")
        /// Floor material.
        public static let floorMaterial = FieldKey(.houseSurvey, "floor_material")
        /// Foundation, columns and beams.
        public static let structure = FieldKey(.houseSurvey, "structure")
        /// Source of electric light.
        public static let electricity = FieldKey(.houseSurvey, "electricity")
        /// Adequate ventilation.
        public static let ventilation = FieldKey(.houseSurvey, "ventilation")
        /// Toilet and septic tank.
        public static let toilet = FieldKey(.houseSurvey, "toilet")
        /// Drinking-water source.
        public static let waterSource = FieldKey(.houseSurvey, "water_source")
        /// Who surveyed.
        public static let surveyor = FieldKey(.houseSurvey, "surveyor")
        /// Survey date.
        public static let surveyedOn = FieldKey(.houseSurvey, "surveyed_on")
        /// Photo file names.
        public static let photos = FieldKey(.houseSurvey, "photos")
        /// Notes.
        public static let notes = FieldKey(.houseSurvey, "notes")
        /// Every key, in schema order.
        public static var all: [FieldKey] {
            [headName, headNIK, familyCard, address, rt, rw, kelurahan, latitude, longitude, occupants, floorArea,
             landOwnership, houseOwnership, income, roofMaterial, roofDamaged, wallMaterial, floorMaterial, structure,
             electricity, ventilation, toilet, waterSource, surveyor, surveyedOn, photos, notes]
        }
    }
}
