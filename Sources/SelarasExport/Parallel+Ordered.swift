import Dispatch
import Foundation

extension Parallel {
    /// Produces `count` values on all cores and hands each to `consume` in index order as soon
    /// as it and every value before it are ready, holding at most `window` produced values that
    /// are not yet consumed (so memory stays bounded whatever the count). Unlike a batch of
    /// ``map(_:_:)-5c2pe`` followed by a serial write, no core waits for the slowest of a batch:
    /// a core that is ahead starts the next value while the other finishes its own.
    ///
    /// `consume` runs on one thread at a time, whichever finished the value that was waited
    /// for, in index order; it may hold non-thread-safe state (a file). The call returns when
    /// every value is consumed; nothing outlives it.
    /// - Parameters:
    ///   - count: values to produce.
    ///   - window: most values produced ahead of the next to consume (≥ 1).
    ///   - produce: makes value `i`; called from several threads at once.
    ///   - consume: takes value `i`, in order 0, 1, 2, …
    /// - Throws: the first error of `produce` or `consume` (by the order they were met); after
    ///   an error no further value is produced or consumed.
    public static func ordered<T: Sendable>(_ count: Int, window: Int, produce: @Sendable (Int) throws -> T,
                                            consume: (Int, T) throws -> Void) throws {
        guard count > 0 else { return }
        let pipe = OrderedPipe<T>(count: count, window: max(1, window))
        try withoutActuallyEscaping(consume) { consume in
            // Only the thread that holds the pipe's drain flag calls it, one at a time.
            nonisolated(unsafe) let consume = consume
            let workers = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount))
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let k = pipe.claim() {
                    pipe.deposit(k, Result { try produce(k) })
                    while let ready = pipe.takeReady() {
                        var consumed = 0
                        for (i, v) in ready {
                            do { try consume(i, v); consumed += 1 } catch { pipe.fail(error); break }
                        }
                        pipe.doneDraining(consumed)
                    }
                }
            }
            if let error = pipe.error { throw error }
        }
    }
}

/// The shared state of ``Parallel/ordered(_:window:produce:consume:)``, guarded by its condition.
private final class OrderedPipe<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let count: Int
    private let window: Int
    /// The next index to hand out to a producer.
    private var nextToProduce = 0
    /// The next index to consume.
    private var nextToConsume = 0
    /// Produced values waiting for their turn.
    private var ready: [Int: T] = [:]
    /// Whether a thread is consuming now.
    private var draining = false
    private(set) var error: (any Error)?

    init(count: Int, window: Int) {
        self.count = count
        self.window = window
    }

    /// The next index to produce, waiting while it would run more than `window` ahead of the
    /// consumer; nil when every index is handed out or an error stopped the pipe.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while error == nil && nextToProduce < count && nextToProduce >= nextToConsume + window { condition.wait() }
        guard error == nil, nextToProduce < count else { return nil }
        nextToProduce += 1
        return nextToProduce - 1
    }

    /// Stores value `k` (or stops the pipe with its error).
    func deposit(_ k: Int, _ value: Result<T, any Error>) {
        condition.lock()
        defer { condition.unlock() }
        switch value {
        case .success(let v): ready[k] = v
        case .failure(let e): if error == nil { error = e }; condition.broadcast()
        }
    }

    /// The values ready to consume in order, taking the drain flag; nil when another thread is
    /// draining, nothing is ready, or the pipe stopped.
    func takeReady() -> [(Int, T)]? {
        condition.lock()
        defer { condition.unlock() }
        guard !draining, error == nil else { return nil }
        var out: [(Int, T)] = []
        var i = nextToConsume
        while let v = ready.removeValue(forKey: i) {
            out.append((i, v))
            i += 1
        }
        guard !out.isEmpty else { return nil }
        draining = true
        return out
    }

    /// Gives the drain flag back after consuming `n` values, waking producers that wait.
    func doneDraining(_ n: Int) {
        condition.lock()
        defer { condition.unlock() }
        nextToConsume += n
        draining = false
        condition.broadcast()
    }

    /// Stops the pipe with `e` (the first error wins).
    func fail(_ e: any Error) {
        condition.lock()
        defer { condition.unlock() }
        if error == nil { error = e }
        condition.broadcast()
    }
}
