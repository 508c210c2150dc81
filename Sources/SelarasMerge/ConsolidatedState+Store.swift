import SelarasLog
import SelarasModel

extension ConsolidatedState {
    /// Folds every event of a store.
    /// - Complexity: O(events), streaming the logs.
    public init(store: Store) throws {
        self.init()
        try store.forEachEvent { apply($0) }
    }
}
