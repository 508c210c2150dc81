import SelarasMerge
import SelarasModel

/// Finds a child in the store by NIK, or by name and date of birth, for spreadsheet rows
/// that do not carry Selaras ids.
///
/// Children that a person linked with `same-as` count as one child (their representative,
/// the smallest id of the group), so a NIK held by both records of a merged child finds it.
/// A row whose NIK and name + birth date name two different children is refused, naming both.
struct ChildFinder: Sendable {
    /// A lookup failure, as one sentence.
    struct Failure: Error { let message: String }
    private var byNIK: [String: [EntityID]] = [:]
    private var byNameBorn: [String: [EntityID]] = [:]
    /// Shown names, for messages.
    private var names: [EntityID: String] = [:]

    init(state: ConsolidatedState) {
        let canonical = state.canonicalChildren()
        func add(_ id: EntityID, to list: inout [EntityID]) {
            let c = canonical[id] ?? id
            if !list.contains(c) { list.append(c) }
        }
        for c in state.records(of: .child) {
            if let name = c.value(FieldKey.Child.name)?.text { names[c.id] = name }
            if let nik = c.value(FieldKey.Child.nik)?.text { add(c.id, to: &byNIK[nik, default: []]) }
            if let name = c.value(FieldKey.Child.name)?.text, let born = c.value(FieldKey.Child.born)?.date {
                add(c.id, to: &byNameBorn[Self.key(name, born.description), default: []])
            }
        }
    }

    static func key(_ name: String, _ born: String) -> String {
        name.lowercased().split(whereSeparator: { $0 == " " }).joined(separator: " ") + "|" + born
    }

    private func named(_ id: EntityID) -> String { "\(id) ('\(names[id] ?? "?")')" }

    func find(nik: String?, name: String?, born: String?) -> Result<EntityID, Failure> {
        let hasName = !(name ?? "").isEmpty && !(born ?? "").isEmpty
        if let nik, !nik.isEmpty {
            switch byNIK[nik] ?? [] {
            case let ids where ids.count == 1:
                // A name and birth date that find other children contradict the NIK.
                if hasName, let name, let born, let others = byNameBorn[Self.key(name, born)], !others.isEmpty,
                   !others.contains(ids[0]) {
                    return .failure(Failure(message: "child_nik/child_name: NIK '\(nik)' is child \(named(ids[0])) but '\(name)' born \(born) is child \(others.map(named).joined(separator: " or ")); fix the row or use child_id"))
                }
                return .success(ids[0])
            case let ids where ids.isEmpty: return .failure(Failure(message: "child_nik: no child with NIK '\(nik)' in this store"))
            case let ids: return .failure(Failure(message: "child_nik: \(ids.count) children have NIK '\(nik)' (\(ids.map(named).joined(separator: ", "))); use child_id, or link them with same-as if they are one child"))
            }
        }
        guard let name, let born, hasName else {
            return .failure(Failure(message: "child_id: is required (or child_nik, or child_name + child_born)"))
        }
        switch byNameBorn[Self.key(name, born)] ?? [] {
        case let ids where ids.count == 1: return .success(ids[0])
        case let ids where ids.isEmpty: return .failure(Failure(message: "child_name/child_born: no child '\(name)' born \(born) in this store"))
        case let ids: return .failure(Failure(message: "child_name/child_born: \(ids.count) children match '\(name)' born \(born); use child_id"))
        }
    }
}
