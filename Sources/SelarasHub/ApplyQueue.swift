import SelarasSync

/// The syncs waiting to apply their bundles while another group is being committed (group
/// commit, ``Hub/applyGrouped(_:name:)``).
///
/// One sync at a time leads: it takes every sync waiting at that moment as one group, applies
/// them together (one durable commit) and then hands each its result; if more syncs arrived
/// meanwhile, the oldest of them leads the next group. Used only from the hub actor (its state
/// is the actor's).
struct ApplyQueue {
    /// What a waiting sync is woken with.
    enum Turn: Sendable {
        /// Its bundle was applied in another sync's group (or refused): the result.
        case done(Result<BundleImporter.Summary, any Error>)
        /// It leads the next group.
        case lead
    }

    /// A sync waiting for its group.
    struct Waiter {
        /// Its bundle.
        let item: BundleImporter.GroupItem
        /// Resumed with its ``Turn``.
        let continuation: CheckedContinuation<Turn, Never>
    }

    /// Whether a group is being gathered or committed now (a new sync must wait).
    private(set) var isCommitting = false
    private var waiters: [Waiter] = []
    /// Groups committed so far, and the bundles in them (for the figures a bench prints).
    private(set) var groups = 0, bundles = 0

    /// How many syncs wait.
    var waitingCount: Int { waiters.count }

    /// Starts leading when no group is being committed.
    /// - Returns: whether the caller now leads (else it must ``wait(_:_:)``).
    mutating func lead() -> Bool {
        guard !isCommitting else { return false }
        isCommitting = true
        return true
    }

    /// Queues a sync for the next group.
    mutating func wait(_ item: BundleImporter.GroupItem, _ continuation: CheckedContinuation<Turn, Never>) {
        waiters.append(Waiter(item: item, continuation: continuation))
    }

    /// Takes every waiting sync (the leader's group, after its own bundle).
    mutating func takeWaiting() -> [Waiter] {
        defer { waiters.removeAll() }
        return waiters
    }

    /// Counts a committed group of `size` bundles.
    mutating func committed(_ size: Int) {
        groups += 1
        bundles += size
    }

    /// Ends the leader's turn: the oldest waiting sync leads next, or no group is committing.
    mutating func passLead() {
        if waiters.isEmpty {
            isCommitting = false
        } else {
            waiters.removeFirst().continuation.resume(returning: .lead)
        }
    }
}
