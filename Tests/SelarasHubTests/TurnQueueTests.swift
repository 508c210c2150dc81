@testable import SelarasHub
import Testing

/// An actor that uses ``TurnQueue`` as the hub does: work that suspends holds the turn.
private actor TurnUser {
    var turns = TurnQueue()
    var inside = 0
    var mostInside = 0
    var order: [Int] = []

    func take() async {
        if turns.take() { return }
        await withCheckedContinuation { turns.wait($0) }
    }

    /// Takes the turn, notes who entered, suspends a few times (as an awaited database call would), leaves.
    func work(_ n: Int) async {
        await take()
        defer { turns.pass() }
        inside += 1
        mostInside = max(mostInside, inside)
        order.append(n)
        for _ in 0..<5 { await Task.yield() }
        inside -= 1
    }
}

@Suite struct TurnQueueTests {
    @Test("work that suspends while holding the turn never overlaps, and every waiter gets its turn")
    func exclusive() async {
        let user = TurnUser()
        await withTaskGroup(of: Void.self) { group in
            for n in 0..<50 { group.addTask { await user.work(n) } }
        }
        #expect(await user.mostInside == 1)
        #expect(await user.order.sorted() == Array(0..<50))
    }

    @Test("waiters take the turn in the order they asked for it")
    func firstComeFirstServed() async {
        let user = TurnUser()
        await user.take()  // hold it while the others queue
        var tasks: [Task<Void, Never>] = []
        for n in 0..<5 {
            tasks.append(Task { await user.work(n) })
            // Let each task reach the queue before the next one is started.
            while await user.turns.waitingCount < n + 1 { await Task.yield() }
        }
        await user.releaseForTest()
        for t in tasks { await t.value }
        #expect(await user.order == [0, 1, 2, 3, 4])
    }
}

extension TurnUser {
    func releaseForTest() { turns.pass() }
}
