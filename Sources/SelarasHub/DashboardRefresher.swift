import SelarasAnthro
import SelarasDashboard
import SelarasModel

/// Keeps the dashboard's figures current off the request path.
///
/// The costly part of a dashboard page is its figures (a ``DashboardSnapshot`` built from the
/// whole consolidated state). One long-lived task owned by this actor computes them: a change
/// (a sync that brought events, a dashboard action, a view that finds its figures behind the
/// state) asks for a recompute and returns at once; changes that arrive while the task computes
/// are coalesced into one more pass, computed from the state as it then is. A page asked for
/// meanwhile is answered at once from the last computed figures and says for which moment and
/// state version they hold, and that newer ones are being computed. Only the first view of a
/// month the hub has never computed waits for its figures (there are none to show).
///
/// The months kept current are the ones viewed since the hub started (at most
/// ``watchedLimit``, the most recently viewed); the default month is among them once viewed.
actor DashboardRefresher {
    /// Figures computed for one month, and what they were computed from.
    struct Kept: Sendable {
        /// The state version and the waiting runs the figures were computed from.
        let version: UInt64, waiting: [WaitingSegment]
        /// The snapshot (its `takenAt` is when it was computed).
        let snapshot: DashboardSnapshot
    }

    /// A caller waiting for a month's figures of at least a version.
    private struct Waiter {
        let month: DashboardMonth, version: UInt64
        let continuation: CheckedContinuation<Kept, any Error>
    }

    /// How many months are kept current at most.
    static let watchedLimit = 4

    private var kept: [DashboardMonth: Kept] = [:]
    /// The months kept current, the most recently viewed first.
    private var watched: [DashboardMonth] = []
    /// The task computing figures (nil when idle).
    private var worker: Task<Void, Never>?
    /// Whether a change arrived since the worker took its inputs.
    private var again = false
    private var waiters: [Waiter] = []
    /// How many recompute passes have finished (each takes the state as it then is).
    private(set) var passes = 0
    /// When the recent passes started (the last ``startsKept``), oldest first.
    private(set) var passStarts: [ContinuousClock.Instant] = []
    static let startsKept = 16
    /// Whether ``stop()`` was called: no pass starts any more.
    private(set) var isStopped = false
    /// Whether a worker task exists now.
    var isWorking: Bool { worker != nil }

    /// The figures kept for a month, if any.
    func kept(for month: DashboardMonth) -> Kept? { kept[month] }

    /// Notes that the state may have changed: when any month is kept current, a recompute is
    /// asked for (returns at once).
    func changed(hub: Hub) {
        guard !watched.isEmpty else { return }
        refresh(hub: hub)
    }

    /// Keeps `month` current from now on (the most recently viewed first; the oldest month no
    /// one waits for leaves the list beyond ``watchedLimit``).
    func watch(_ month: DashboardMonth) {
        watched.removeAll { $0 == month }
        watched.insert(month, at: 0)
        while watched.count > Self.watchedLimit, let drop = watched.last(where: { m in !waiters.contains { $0.month == m } }) {
            watched.removeAll { $0 == drop }
            kept[drop] = nil
        }
    }

    /// Asks for a recompute; starts the worker when it is idle, else it makes one more pass.
    func refresh(hub: Hub) {
        guard !isStopped else { return }
        again = true
        guard worker == nil else { return }
        worker = Task { await self.work(hub: hub) }
    }

    /// `month`'s figures once they hold at least `version` (computing them if need be).
    /// - Throws: ``HubError`` 500 when the figures could not be computed.
    @discardableResult
    func figures(for month: DashboardMonth, atLeast version: UInt64, hub: Hub) async throws -> Kept {
        watch(month)
        if let k = kept[month], k.version >= version { return k }
        guard !isStopped else { throw HubError(status: 503, code: "stopped", "the hub is stopping; the dashboard's figures were not computed") }
        refresh(hub: hub)
        return try await withCheckedThrowingContinuation { (c: CheckedContinuation<Kept, any Error>) in
            waiters.append(Waiter(month: month, version: version, continuation: c))
        }
    }

    /// Stops computing (the hub closes): the worker ends after the pass it is in (a pass reads
    /// the kept state, so it must not outlive the hub), no pass starts any more, and callers
    /// still waiting for figures are told the hub stopped.
    func stop() async {
        isStopped = true
        again = false
        release()
        let running = worker
        running?.cancel()
        await running?.value
        resumeWaiters(failing: HubError(status: 503, code: "stopped", "the hub is stopping; the dashboard's figures were not computed"))
    }

    /// The worker's loop: one pass per coalesced batch of changes, until none is left. Passes
    /// start at least ``HubConfiguration/dashboardMinimumGap`` apart, so a burst of syncs (each
    /// a change) costs a recompute per gap, not one after another.
    private func work(hub: Hub) async {
        let gap = hub.configuration.dashboardMinimumGap
        while again, !isStopped, !Task.isCancelled {
            if let last = passStarts.last, ContinuousClock.now < last + gap {
                try? await Task.sleep(until: last + gap, clock: .continuous)
                guard !isStopped, !Task.isCancelled else { break }
            }
            await gate()
            guard !isStopped, !Task.isCancelled else { break }
            again = false
            passStarts.append(.now)
            if passStarts.count > Self.startsKept { passStarts.removeFirst() }
            do {
                let inputs = try await hub.dashboardInputs()
                for month in watched {
                    if let k = kept[month], k.version == inputs.version, k.waiting == inputs.waiting { continue }
                    let snapshot = try await Self.compute(inputs, month: month)
                    await hub.countDashboardSnapshot()
                    // A month dropped from the list meanwhile is not kept; a newer pass's figures are never replaced.
                    if watched.contains(month), (kept[month]?.version ?? 0) <= inputs.version {
                        kept[month] = Kept(version: inputs.version, waiting: inputs.waiting, snapshot: snapshot)
                    }
                }
                passes += 1
                resumeWaiters(failing: nil)
            } catch {
                resumeWaiters(failing: error as? HubError ?? HubError.io("could not compute the dashboard's figures", error))
            }
        }
        worker = nil
    }

    /// Resumes the waiters whose figures are there; with an error, every waiter (they would wait forever).
    private func resumeWaiters(failing error: HubError?) {
        var still: [Waiter] = []
        for w in waiters {
            if let error { w.continuation.resume(throwing: error) } else if let k = kept[w.month], k.version >= w.version {
                w.continuation.resume(returning: k)
            } else {
                still.append(w)
            }
        }
        waiters = still
        if !still.isEmpty, !isStopped { again = true }
    }

    // MARK: Holding passes (tests)

    /// Whether the worker is held before its next pass.
    private var held = false
    /// The worker, when it waits at the gate.
    private var atGate: [CheckedContinuation<Void, Never>] = []

    /// Holds the worker before its next pass (tests: a page served while the figures are
    /// behind, changes coalescing meanwhile). The figures themselves are computed as always.
    func hold() { held = true }

    /// Lets the worker go on.
    func release() {
        held = false
        for c in atGate { c.resume() }
        atGate = []
    }

    /// Whether the worker waits at the gate now.
    var isHeld: Bool { !atGate.isEmpty }

    private func gate() async {
        guard held else { return }
        await withCheckedContinuation { atGate.append($0) }
    }

    /// Computes a month's snapshot outside any actor (on the cores the dataset uses).
    private nonisolated static func compute(_ inputs: DashboardInputs, month: DashboardMonth) async throws -> DashboardSnapshot {
        let standards: GrowthStandards
        do { standards = try GrowthStandards.bundled() } catch {
            throw HubError.io("could not load the WHO growth standards for the dashboard", error)
        }
        // The open duplicates (one core: a pass over every child's name) and conflicts are
        // found in child tasks while the dataset's figures are computed (on every core).
        let state = inputs.state
        async let duplicates = OpenDuplicate.all(in: state)
        async let conflicts = OpenConflict.all(in: state)
        let figures = DashboardSnapshot(state: state, versionVector: inputs.vector, waiting: inputs.waiting,
                                        replicaLabel: inputs.label, replicaKelurahan: nil, devices: inputs.devices,
                                        month: month, standards: standards, pseudonymKey: inputs.pseudonymKey,
                                        takenAt: WallClock.nowMilliseconds(), replicaID: inputs.replica, openItems: ([], []))
        return figures.replacingOpenItems(conflicts: await conflicts, duplicates: await duplicates)
    }
}
