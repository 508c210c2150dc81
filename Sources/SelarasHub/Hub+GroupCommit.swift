import SelarasSync

extension Hub {
    /// Applies a verified bundle, sharing the durable commit with the syncs that arrive
    /// together (group commit) when the storage can (``GroupApplyingStorage``); returns only
    /// once the events are durable.
    ///
    /// The first sync to arrive leads: it lets the syncs already on their way to the hub join
    /// (one yield of the actor), takes every waiting sync as its group and applies them
    /// together; the syncs that arrive while a group commits wait and form the next group,
    /// led by the oldest of them. A bundle refused in a group is refused alone.
    /// - Throws: ``SyncError`` when the bundle is refused, or the storage's I/O error.
    func applyGrouped(_ bundle: VerifiedBundle, name: String) async throws -> BundleImporter.Summary {
        guard let grouped = storage as? any GroupApplyingStorage else { return try await storage.apply(bundle, name: name) }
        let item = BundleImporter.GroupItem(bundle: bundle, name: name)
        if !applyQueue.lead() {
            switch await withCheckedContinuation({ applyQueue.wait(item, $0) }) {
            case .done(let result): return try result.get()
            case .lead: break
            }
        }
        // Syncs already verified and queued for the actor join this group.
        await Task.yield()
        let others = applyQueue.takeWaiting()
        let results = await grouped.applyGroup([item] + others.map(\.item))
        applyQueue.committed(results.count)
        for (waiter, result) in zip(others, results.dropFirst()) { waiter.continuation.resume(returning: .done(result)) }
        applyQueue.passLead()
        return try results[0].get()
    }

    /// Groups committed so far and the bundles in them (group commit's figures).
    public var groupCommits: (groups: Int, bundles: Int) { (applyQueue.groups, applyQueue.bundles) }
}
