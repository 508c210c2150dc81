import SelarasSync

/// A hub storage that can apply several verified bundles under one durable commit (group
/// commit): syncs that arrive together share the storage's fsyncs (the file store) or its
/// transaction, instead of paying for them one by one.
///
/// The hub uses it when its storage conforms (``Hub`` gathers the syncs waiting for the
/// storage into one group); otherwise it applies each bundle with ``HubStorage/apply(_:name:)``.
public protocol GroupApplyingStorage: HubStorage {
    /// Applies the bundles in order, each all or nothing and idempotently by (origin, seq),
    /// exactly as ``HubStorage/apply(_:name:)`` would one after the other, and makes them
    /// durable together before it returns: no result may be acknowledged earlier.
    /// - Parameter items: the verified bundles, in the order they are applied.
    /// - Returns: per item, its summary, or its refusal (``SyncError``) or I/O error.
    nonisolated(nonsending) func applyGroup(_ items: [BundleImporter.GroupItem]) async -> [Result<BundleImporter.Summary, any Error>]
}
