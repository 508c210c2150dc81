import Foundation
import SelarasExport
import Testing

/// The exporters' ordered pipeline: values made on all cores reach the consumer in index order,
/// never more than the window ahead, and the first error stops it.
@Suite("Parallel: ordered pipeline")
struct ParallelOrderedTests {
    struct Boom: Error, Equatable { let at: Int }

    /// An integer shared by the pipeline's threads, behind a lock.
    final class Shared: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func withLock<R>(_ body: (inout Int) -> R) -> R {
            lock.lock()
            defer { lock.unlock() }
            return body(&value)
        }
    }

    @Test("every value is consumed once, in order, whatever each takes to make", arguments: [1, 2, 7, 500])
    func inOrder(count: Int) throws {
        let produced = Shared(), maxAhead = Shared(), consumedSoFar = Shared()
        var seen: [Int] = []
        try Parallel.ordered(count, window: 3) { i in
            // Uneven work: later indexes are often quicker, so they finish out of order.
            usleep(useconds_t((i * 7_919) % 5 * 200))
            produced.withLock { $0 += 1 }
            let ahead = i - consumedSoFar.withLock { $0 }
            maxAhead.withLock { $0 = max($0, ahead) }
            return i * i
        } consume: { i, v in
            #expect(v == i * i)
            seen.append(i)
            consumedSoFar.withLock { $0 += 1 }
        }
        #expect(seen == Array(0..<count))
        #expect(produced.withLock { $0 } == count)
        #expect(maxAhead.withLock { $0 } < 3, "a value was made more than the window ahead of the consumer")
    }

    @Test("an error in producing stops the pipeline and is thrown; nothing after it is consumed")
    func produceError() {
        var seen: [Int] = []
        #expect(throws: Boom(at: 40)) {
            try Parallel.ordered(200, window: 4) { i in
                if i == 40 { throw Boom(at: 40) }
                return i
            } consume: { i, _ in seen.append(i) }
        }
        #expect(seen == Array(0..<seen.count), "consumed values stay in order")
        #expect(seen.count <= 40)
    }

    @Test("an error in consuming stops the pipeline and is thrown")
    func consumeError() {
        var seen: [Int] = []
        #expect(throws: Boom(at: 9)) {
            try Parallel.ordered(100, window: 4) { $0 } consume: { i, _ in
                if i == 9 { throw Boom(at: 9) }
                seen.append(i)
            }
        }
        #expect(seen == Array(0..<9))
    }

    @Test("no values: consume is never called")
    func empty() throws {
        var calls = 0
        try Parallel.ordered(0, window: 2) { $0 } consume: { _, _ in calls += 1 }
        #expect(calls == 0)
    }
}
