import SelarasSync

extension FileHubStorage: GroupApplyingStorage {
    /// Applies the bundles under one atomic batch of the store (``BundleImporter/applyGroup(_:state:)``):
    /// one undo record, one save of the sync state, one fdatasync per stream log touched and one
    /// commit for the whole group.
    public nonisolated(nonsending) func applyGroup(_ items: [BundleImporter.GroupItem]) async -> [Result<BundleImporter.Summary, any Error>] {
        var state = syncState
        let results = BundleImporter(store: store).applyGroup(items, state: &state)
        if results.contains(where: { if case .failure(let e) = $0 { !(e is SyncError) } else { false } }) {
            // An I/O failure: the store took back what it could not make durable, so the copy is
            // read again rather than trusted.
            syncState = (try? SyncState.load(store)) ?? state
        } else {
            syncState = state
        }
        return results
    }
}
