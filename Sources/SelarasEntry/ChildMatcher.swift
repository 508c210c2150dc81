import SelarasMerge
import SelarasModel

/// Finds the child a register row describes: by NIK, else by name + birth date + mother's
/// name (case and spacing ignored), among the store's children (children linked `same-as`
/// count as one) and those the import creates. A NIK and a name that find two different
/// children refuse the row, naming both.
struct ChildMatcher {
    /// The identifying texts of a row's child.
    struct Keys {
        let nik: String?
        let nameKey: String?
        let shown: String

        init(_ pairs: [(name: String, text: String)]) {
            func value(_ key: FieldKey) -> String? {
                let t = pairs.first { key.kind.schema.field(named: $0.name)?.tag == key.tag }?.text.trimmingCharacters(in: " \t") ?? ""
                return t.isEmpty ? nil : t
            }
            nik = value(FieldKey.Child.nik)
            let name = value(FieldKey.Child.name)
            let born = value(FieldKey.Child.born)
            if let name, let born { nameKey = ChildMatcher.key(name, born, value(FieldKey.Child.mother) ?? "") } else { nameKey = nil }
            shown = "'\(name ?? "?")' born \(born ?? "?")"
        }
    }

    private var byNIK: [String: EntityID] = [:]
    private var byName: [String: EntityID] = [:]
    private var refusedNIK = Set<String>()
    private var refusedName = Set<String>()

    init(state: ConsolidatedState) {
        let canonical = state.canonicalChildren()
        for c in state.records(of: .child) {
            let id = canonical[c.id] ?? c.id
            if let nik = c.value(FieldKey.Child.nik)?.text { byNIK[nik] = min(byNIK[nik] ?? id, id) }
            if let name = c.value(FieldKey.Child.name)?.text, let born = c.value(FieldKey.Child.born)?.date {
                let k = Self.key(name, born.description, c.value(FieldKey.Child.mother)?.text ?? "")
                byName[k] = min(byName[k] ?? id, id)
            }
        }
    }

    static func key(_ name: String, _ born: String, _ mother: String) -> String {
        func norm(_ s: String) -> String { s.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }
        return norm(name) + "|" + born + "|" + norm(mother)
    }

    /// The child, nil when none matches (create it), or a sentence when the row cannot be placed.
    func find(_ k: Keys) -> Result<EntityID?, Failure> {
        if let nik = k.nik, refusedNIK.contains(nik) {
            return .failure(Failure("NIK '\(nik)': this child's first row was refused, see above"))
        }
        if k.nik == nil, let n = k.nameKey, refusedName.contains(n) {
            return .failure(Failure("\(k.shown): this child's first row was refused, see above"))
        }
        let viaNIK = k.nik.flatMap { byNIK[$0] }
        let viaName = k.nameKey.flatMap { byName[$0] }
        if let viaNIK, let viaName, viaNIK != viaName {
            return .failure(Failure("NIK '\(k.nik!)' is child \(viaNIK) but \(k.shown) with the same mother is child \(viaName); fix the row or link them with same-as"))
        }
        return .success(viaNIK ?? viaName)
    }

    /// Remembers a child the import creates.
    mutating func add(_ id: EntityID, _ k: Keys) {
        if let nik = k.nik { byNIK[nik] = id }
        if let n = k.nameKey { byName[n] = id }
    }

    /// Remembers a child whose row was refused, so its later rows say so instead of creating it.
    mutating func refuse(_ k: Keys) {
        if let nik = k.nik { refusedNIK.insert(nik) }
        if let n = k.nameKey { refusedName.insert(n) }
    }

    /// Why a row cannot be placed.
    struct Failure: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
