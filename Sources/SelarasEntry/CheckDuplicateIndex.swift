import SelarasMerge
import SelarasModel

/// Finds growth checks that repeat another check: the same child, the same date and the same
/// measurements (weight, length/height, position, head, MUAC, oedema) — in the store or
/// earlier in the same import. Such a row is almost surely the same visit entered twice (an
/// overlapping spreadsheet, a file fixed and imported again).
struct CheckDuplicateIndex {
    struct Key: Hashable {
        let child: FieldValue
        let date: FieldValue
        let measurements: [FieldValue?]
    }

    /// The fields compared besides the child and the date.
    static let measurementTags: [UInt8] = [FieldKey.GrowthCheck.weight, FieldKey.GrowthCheck.lengthHeight, FieldKey.GrowthCheck.position,
                                           FieldKey.GrowthCheck.head, FieldKey.GrowthCheck.muac, FieldKey.GrowthCheck.oedema].map(\.tag)
    private var seen: [Key: String]

    /// Indexes the visible (not voided) checks of the store, named by their ids.
    init(state: ConsolidatedState) {
        seen = [:]
        for check in state.records(of: .growthCheck) {
            if let key = Self.key(check.fields), seen[key] == nil { seen[key] = "check \(check.id) already in the store" }
        }
    }

    /// The key of a check, or nil when it has no child, no date or no weight and no length.
    static func key(_ fields: FieldMap) -> Key? {
        guard let child = fields[FieldKey.GrowthCheck.child], let date = fields[FieldKey.GrowthCheck.measuredOn],
              fields[FieldKey.GrowthCheck.weight] != nil || fields[FieldKey.GrowthCheck.lengthHeight] != nil else { return nil }
        return Key(child: child, date: date, measurements: measurementTags.map { fields[$0] })
    }

    /// What an earlier check with the same key is called, or nil (then `fields` is remembered as `name`).
    mutating func earlier(_ fields: FieldMap, name: String) -> String? {
        guard let key = Self.key(fields) else { return nil }
        if let other = seen[key] { return other }
        seen[key] = name
        return nil
    }
}
