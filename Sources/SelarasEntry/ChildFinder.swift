import SelarasMerge
import SelarasModel

/// Finds a child in the store by NIK, or by name and date of birth, for spreadsheet rows
/// that do not carry Selaras ids.
struct ChildFinder: Sendable {
    /// A lookup failure, as one sentence.
    struct Failure: Error { let message: String }
    private var byNIK: [String: [EntityID]] = [:]
    private var byNameBorn: [String: [EntityID]] = [:]

    init(state: ConsolidatedState) {
        for c in state.records(of: .child) {
            if let nik = c.value(1)?.text { byNIK[nik, default: []].append(c.id) }
            if let name = c.value(3)?.text, let born = c.value(5)?.date {
                byNameBorn[Self.key(name, born.description), default: []].append(c.id)
            }
        }
    }

    static func key(_ name: String, _ born: String) -> String {
        name.lowercased().split(whereSeparator: { $0 == " " }).joined(separator: " ") + "|" + born
    }

    func find(nik: String?, name: String?, born: String?) -> Result<EntityID, Failure> {
        if let nik, !nik.isEmpty {
            switch byNIK[nik] ?? [] {
            case let ids where ids.count == 1: return .success(ids[0])
            case let ids where ids.isEmpty: return .failure(Failure(message: "child_nik: no child with NIK '\(nik)' in this store"))
            case let ids: return .failure(Failure(message: "child_nik: \(ids.count) children have NIK '\(nik)'; use child_id"))
            }
        }
        guard let name, !name.isEmpty, let born, !born.isEmpty else {
            return .failure(Failure(message: "child_id: is required (or child_nik, or child_name + child_born)"))
        }
        switch byNameBorn[Self.key(name, born)] ?? [] {
        case let ids where ids.count == 1: return .success(ids[0])
        case let ids where ids.isEmpty: return .failure(Failure(message: "child_name/child_born: no child '\(name)' born \(born) in this store"))
        case let ids: return .failure(Failure(message: "child_name/child_born: \(ids.count) children match '\(name)' born \(born); use child_id"))
        }
    }
}
