import SelarasLog
import SelarasModel

extension BundleImporter {
    /// One bundle of a group commit: the verified bundle and how refusals name it.
    public struct GroupItem: Sendable {
        /// The verified bundle.
        public let bundle: VerifiedBundle
        /// How refusals name it.
        public let name: String

        /// A bundle to apply in a group.
        public init(bundle: VerifiedBundle, name: String) {
            self.bundle = bundle
            self.name = name
        }
    }

    /// Applies several verified bundles under one atomic batch (group commit): one undo record,
    /// one save of the sync state, one fdatasync per stream log touched and one commit for the
    /// whole group, instead of all of these per bundle.
    ///
    /// Each bundle is still applied all or nothing: bundles are checked in order, each against
    /// the store as the bundles before it left it, and a bundle refused by those checks (a fork,
    /// a key that changed) gets its refusal while the others go on. If anything fails once
    /// appending has begun (a file changed since it was verified, a write or sync failed), the
    /// whole group is taken back and every bundle is applied again on its own
    /// (``apply(_:state:name:)``), so one bad bundle never costs the others their import, and a
    /// refusal leaves the store as it was. Nothing the group did is durable, and so nothing may
    /// be acknowledged, before this returns.
    /// - Parameters:
    ///   - items: the bundles, in the order they are applied.
    ///   - state: this store's sync state, updated with every bundle that was applied.
    /// - Returns: per item, its summary or its refusal (``SyncError``) or I/O error.
    public func applyGroup(_ items: [GroupItem], state: inout SyncState) -> [Result<Summary, any Error>] {
        if items.count == 1 { return [Result { try apply(items[0].bundle, state: &state, name: items[0].name) }] }
        var results = [Result<Summary, any Error>?](repeating: nil, count: items.count)
        var planned = state
        let pendingArea = PendingArea(store: store)
        let hadPendingDirectory = pendingArea.exists
        do {
            var changed = false
            try store.appendVerified(preserving: [SyncState.fileName], watching: [PendingArea.directoryName], piecewise: { append in
                for (i, item) in items.enumerated() {
                    let plan: Plan
                    do { plan = try self.plan(item.bundle, state: planned, waiting: try pendingArea.segments(), name: item.name) } catch let e as SyncError {
                        results[i] = .failure(e)  // refused before anything of it was written
                        continue
                    }
                    if plan.changesLogs {
                        // Pending files go in place at once (the batch watches their directory), so
                        // the next bundle's checks see them.
                        let writers = try withoutActuallyEscaping(append) { append in
                            try Self.readBack(item.bundle, actions: plan.actions, area: pendingArea, name: item.name, append: append)
                        }
                        for w in writers { try w.commit() }
                    }
                    changed = true
                    planned = plan.state
                    results[i] = .success(plan.summary)
                }
                if changed { try planned.saveInBatch(store) }
            })
        } catch {
            // Taken back whole: each bundle again on its own, in the same order.
            if !hadPendingDirectory { pendingArea.removeDirectoryIfEmpty() }
            return items.map { item in Result { try apply(item.bundle, state: &state, name: item.name) } }
        }
        state = planned
        // Runs waiting in the pending area that the group's appends now continue are appended
        // (each an atomic batch of its own); their events count for the last bundle of the group
        // that carried their stream.
        do {
            let drained = try drainPendingByStream(pendingArea)
            let waiting = try waitingCount(pendingArea)
            for (stream, count) in drained {
                guard let i = items.indices.last(where: { i in
                    if case .success = results[i]! { items[i].bundle.sections.contains { $0.info.stream == stream } } else { false }
                }) else { continue }
                if case .success(var s) = results[i]! {
                    s.appended += count
                    results[i] = .success(s)
                }
            }
            for i in items.indices {
                if case .success(var s) = results[i]! {
                    s.pending = waiting
                    results[i] = .success(s)
                }
            }
        } catch {
            // The group itself is durable; only the release of waiting runs failed. The bundles
            // that were applied say so (their events are held), and the next import retries it.
        }
        return results.map { $0! }
    }
}
