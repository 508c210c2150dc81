/// A first-come, first-served turn for hub work that spans suspension points: folding new
/// events into the kept state and refreshing or changing the registry cache read storage
/// with `await`, and the hub actor runs other requests meanwhile; whoever holds the turn is
/// the only one changing those copies, so no event is folded twice and no older registry read
/// replaces a newer one.
///
/// Used only from the hub actor (its state is the actor's): ``Hub/takeTurn()`` and
/// ``Hub/endTurn()``.
struct TurnQueue {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Takes the turn when it is free.
    /// - Returns: whether the caller now holds it (else it must ``wait(_:)``).
    mutating func take() -> Bool {
        guard !busy else { return false }
        busy = true
        return true
    }

    /// How many callers wait for the turn.
    var waitingCount: Int { waiters.count }

    /// Queues a caller; it holds the turn when it is resumed.
    mutating func wait(_ waiter: CheckedContinuation<Void, Never>) { waiters.append(waiter) }

    /// Hands the turn to the oldest waiter, or frees it.
    mutating func pass() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
