import SelarasMerge
import SelarasModel

/// A field two people changed concurrently, not yet resolved: what `selaras conflicts` lists.
public struct OpenConflict: Sendable, Hashable {
    /// One concurrent value.
    public struct Value: Sendable, Hashable {
        /// The value as people read it (and as `resolve` accepts it).
        public let value: String
        /// Who wrote it.
        public let author: String
        /// Whether it is the one shown until a person resolves the conflict.
        public let shown: Bool
    }

    /// The record.
    public let entity: EntityID
    /// A name for people: the child's name (for a growth check, its child's), or the survey's head of household.
    public let subject: String
    /// The field's name (as `selaras resolve` and the hub's form take it).
    public let field: String
    /// The concurrent values.
    public let values: [Value]

    /// Every open field conflict of the state, by record id then field tag.
    /// - Complexity: O(records).
    public static func all(in state: ConsolidatedState) -> [OpenConflict] {
        var entities: [EntityState] = []
        state.forEachEntity { if !$0.conflicts.isEmpty { entities.append($0) } }
        return entities.sorted { $0.id < $1.id }.flatMap { e in
            e.conflicts.sorted { $0.tag < $1.tag }.map { conflict in
                let spec = e.id.kind.schema.field(tag: conflict.tag)
                let winner = conflict.register.winner
                return OpenConflict(
                    entity: e.id, subject: subject(of: e, in: state), field: spec?.name ?? "field \(conflict.tag)",
                    values: conflict.register.candidates.map { c in
                        Value(value: spec.map { c.value.formatted(as: $0.type) } ?? "", author: c.author, shown: c == winner)
                    })
            }
        }
    }

    /// The name people know a record by.
    static func subject(of e: EntityState, in state: ConsolidatedState) -> String {
        switch e.id.kind {
        case .child: e.value(FieldKey.Child.name)?.text ?? ""
        case .growthCheck: e.value(FieldKey.GrowthCheck.child)?.reference.flatMap { state[$0]?.value(FieldKey.Child.name)?.text } ?? ""
        case .houseSurvey: e.value(FieldKey.HouseSurvey.headName)?.text ?? ""
        }
    }
}
