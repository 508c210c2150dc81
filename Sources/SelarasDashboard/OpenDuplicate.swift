import SelarasMerge
import SelarasModel

/// Two registrations that may be the same child, with no standing decision (never decided, or
/// decided both ways concurrently): what `selaras duplicates` lists as open.
public struct OpenDuplicate: Sendable, Hashable {
    /// One of the two registrations as people recognise it.
    public struct Child: Sendable, Hashable {
        /// The record id.
        public let id: EntityID
        /// Name, birth date, mother and kelurahan (empty when not recorded).
        public let name: String, born: String, mother: String, kelurahan: String
    }

    /// The registration with the smaller id (it survives a `same-as`).
    public let first: Child
    /// The other registration.
    public let second: Child
    /// Why they look alike (`same NIK`, `same name, birth date and mother`, …).
    public let evidence: [String]

    /// Every open duplicate pair of the state, in id order.
    /// - Complexity: that of ``ConsolidatedState/duplicateCandidates()``.
    public static func all(in state: ConsolidatedState) -> [OpenDuplicate] {
        func child(_ id: EntityID) -> Child {
            let e = state[id]
            return Child(id: id, name: e?.value(FieldKey.Child.name)?.text ?? "", born: e?.value(FieldKey.Child.born)?.date?.description ?? "",
                         mother: e?.value(FieldKey.Child.mother)?.text ?? "", kelurahan: e?.value(FieldKey.Child.kelurahan)?.text ?? "")
        }
        return state.duplicateCandidates().filter { $0.decision == nil }.map {
            OpenDuplicate(first: child($0.first), second: child($0.second), evidence: $0.evidence)
        }
    }
}
