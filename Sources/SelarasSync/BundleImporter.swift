import Crypto
import SelarasLog
import SelarasModel

/// Applies verified bundles to a store: idempotent, in any order, all or nothing.
///
/// Events that continue a stream are appended (one fsync per stream); events beyond a gap
/// wait in the ``PendingArea`` until the gap fills; events already held are checked against
/// this store's chain (a mismatch is a fork and refuses the bundle) and skipped.
public struct BundleImporter {
    /// What an import did.
    public struct Summary: Sendable {
        /// Events appended to the logs (including pending events this import released).
        public var appended: UInt64 = 0
        /// Events now waiting for a gap to fill (all waiting events in the store, including
        /// those earlier imports left waiting).
        public var pending: UInt64 = 0
        /// Events this import put in the pending area.
        public var newlyPending: UInt64 = 0
        /// Events already held (in the logs, or already waiting).
        public var alreadyHeld: UInt64 = 0
        /// Whether nothing changed.
        public var nothingNew: Bool { appended == 0 && newlyPending == 0 }
    }

    /// The store.
    public let store: Store

    /// Creates an importer.
    public init(store: Store) { self.store = store }

    /// Verifies and applies one bundle file, reading it in bounded chunks (twice: to verify,
    /// then to apply); memory does not grow with the file beyond each event's hash.
    /// - Throws: ``SyncError`` when the bundle is refused (the store is then unchanged), or
    ///   ``StoreError`` for I/O failures (appends are rolled back).
    public func importFile(_ path: String) throws -> Summary {
        var state = try SyncState.load(store)
        let bundle = try VerifiedBundle.read(path, knownKeys: state.keys)
        return try apply(bundle, state: &state, name: path)
    }

    /// Applies a verified bundle: checks it against this store's state now, then reads its
    /// events from the file a second time, appending them as they come (all or nothing).
    ///
    /// The file is re-digested during this second read; if it no longer has the verified
    /// digest, everything appended is rolled back and the bundle is refused (``SyncError``
    /// `.forged`). The sync state is saved only once every event was read back intact.
    /// - Parameters:
    ///   - bundle: the verified bundle (verification needs no store; it may run elsewhere).
    ///   - state: this store's sync state, updated on success.
    ///   - name: how refusals name the bundle.
    /// - Throws: ``SyncError`` when the bundle is refused (the store is then unchanged), or
    ///   ``StoreError`` for I/O failures (appends are rolled back).
    public func apply(_ bundle: VerifiedBundle, state: inout SyncState, name: String) throws -> Summary {
        let pendingArea = PendingArea(store: store)
        let plan = try self.plan(bundle, state: state, waiting: try pendingArea.segments(), name: name)
        var summary = plan.summary
        // The sync state and the pending files are written inside the same atomic batch as the
        // appends: the batch's undo record keeps the old sync state and the pending directory's
        // names, so a crash before the commit takes back the appends, the new pending files and
        // the new state together, and after the commit all of them are there.
        if plan.changesLogs {
            let hadPendingDirectory = pendingArea.exists
            do {
                try store.appendVerified(preserving: [SyncState.fileName], watching: [PendingArea.directoryName], piecewise: { append in
                    let writers = try withoutActuallyEscaping(append) { append in
                        try Self.readBack(bundle, actions: plan.actions, area: pendingArea, name: name, append: append)
                    }
                    try plan.state.saveInBatch(store)
                    for w in writers { try w.commit() }
                })
            } catch {
                if !hadPendingDirectory { pendingArea.removeDirectoryIfEmpty() }
                throw error
            }
        } else {
            try plan.state.save(store)
        }
        state = plan.state
        summary.appended += try drainPending(pendingArea)
        summary.pending = try waitingCount(pendingArea)
        return summary
    }

    /// What applying one verified bundle will do, decided against the store as it is now.
    struct Plan {
        /// Per section of the bundle.
        var actions: [Action]
        /// The counts (``Summary/pending`` not yet known).
        var summary: Summary
        /// The sync state afterwards (keys, heads and the creator's vector learnt).
        var state: SyncState
        /// Whether any section is appended or pended (else only the sync state changes).
        var changesLogs: Bool { actions.contains { if case .skip = $0 { false } else { true } } }
    }

    /// Checks a verified bundle against this store's state now and decides each section's action.
    /// - Throws: ``SyncError`` `.fork` or `.forged` when the bundle is refused (nothing was changed).
    func plan(_ bundle: VerifiedBundle, state: SyncState, waiting: [PendingArea.Segment], name: String) throws -> Plan {
        var summary = Summary()
        let vv = store.versionVector
        var actions = [Action](repeating: .skip, count: bundle.sections.count)
        for (i, section) in bundle.sections.enumerated() {
            let s = section.info.stream
            let first = section.info.firstSeq, last = section.info.head.seq
            let held = vv[s]
            // Anything overlapping what we hold must be exactly our events.
            if held >= first {
                let probe = min(held, last)
                guard let ours = try store.hash(of: s, at: probe), ours == section.hashes[Int(probe - first)] else {
                    throw SyncError(.fork, "\(name): its events of stream \(s) differ from this store's at seq \(probe) — the origin reused sequence numbers (restored from an old copy?); the bundle was refused and nothing was imported")
                }
            }
            // ... and anything overlapping or touching events waiting in the pending area must
            // continue them exactly (checked now, before anything is appended).
            for seg in waiting where seg.stream == s && !Self.agree(section, seg.section) {
                throw SyncError(.fork, "\(name): its events of stream \(s) contradict events from seq \(seg.firstSeq) already waiting in \(seg.fileName) — the origin reused sequence numbers (restored from an old copy?); the bundle was refused and nothing was imported")
            }
            if last <= held {
                summary.alreadyHeld += last - first + 1
            } else if first <= held + 1 {
                if held + 1 == first, section.firstPrevious != store.head(of: s) {
                    throw SyncError(.fork, "\(name): stream \(s) seq \(first) does not follow this store's seq \(held); the bundle was refused and nothing was imported")
                }
                summary.alreadyHeld += held + 1 - first
                actions[i] = .append(from: Int(held + 1 - first))
                summary.appended += last - held
            } else if !waiting.contains(where: { $0.stream == s && $0.firstSeq <= first && $0.lastSeq >= last }) {
                actions[i] = .pend
                summary.newlyPending += last - first + 1
            } else {
                summary.alreadyHeld += last - first + 1
            }
        }
        // Remember keys, heads and what the creator holds.
        var newState = state
        try newState.learnKeys(of: bundle.header, name: name)
        for section in bundle.sections where section.info.stream.origin != store.replica { newState.remember(section.info.head) }
        newState.peers[bundle.header.creator] = (newState.peers[bundle.header.creator] ?? VersionVector()).merged(with: bundle.header.covers)
        return Plan(actions: actions, summary: summary, state: newState)
    }

    /// Events waiting in the pending area for a gap to fill (beyond what the logs hold).
    func waitingCount(_ area: PendingArea) throws -> UInt64 {
        try area.segments().reduce(0) { $0 + $1.lastSeq - max($1.firstSeq - 1, store.versionVector[$1.stream]) }
    }

    /// Whether two verified runs of one stream can both belong to it: where they overlap they
    /// hold the same events (by the hash chain, the last common seq decides), and where one
    /// ends right before the other starts, the later one names the earlier one's last event.
    static func agree(_ x: VerifiedBundle.Section, _ y: VerifiedBundle.Section) -> Bool {
        let xf = x.info.firstSeq, xl = x.info.head.seq, yf = y.info.firstSeq, yl = y.info.head.seq
        let lo = max(xf, yf), hi = min(xl, yl)
        if lo <= hi { return x.hashes[Int(hi - xf)] == y.hashes[Int(hi - yf)] }
        if xl + 1 == yf { return x.hashes.last == y.firstPrevious }
        if yl + 1 == xf { return y.hashes.last == x.firstPrevious }
        return true
    }

    /// Appends waiting runs that now continue their streams; removes redundant ones.
    /// - Returns: events appended.
    @discardableResult
    public func drainPending(_ area: PendingArea) throws -> UInt64 {
        try drainPendingByStream(area).values.reduce(0, +)
    }

    /// Appends waiting runs that now continue their streams; removes redundant ones.
    /// - Returns: events appended, per stream.
    func drainPendingByStream(_ area: PendingArea) throws -> [StreamID: UInt64] {
        var appended: [StreamID: UInt64] = [:]
        var progress = true
        while progress {
            progress = false
            for seg in try area.segments() {
                let held = store.versionVector[seg.stream]
                if seg.lastSeq <= held {
                    try area.remove(seg)
                    progress = true
                } else if seg.firstSeq <= held + 1 {
                    let index = Int(held + 1 - seg.firstSeq)
                    let firstPrevious = index == 0 ? seg.section.firstPrevious : seg.section.hashes[index - 1]
                    guard firstPrevious == store.head(of: seg.stream) else {
                        throw SyncError(.fork, "waiting events of stream \(seg.stream) from seq \(seg.firstSeq) do not follow this store's seq \(held) (a fork); remove \(seg.fileName) from the pending directory")
                    }
                    // Read from the file in pieces and appended all or nothing. Only the logs
                    // change here (the segment is removed after, the sync state not at all), so
                    // the batch preserves nothing else.
                    try store.appendVerified(piecewise: { append in try area.forEachRun(of: seg, from: index, append) })
                    try area.remove(seg)
                    appended[seg.stream, default: 0] += UInt64(seg.section.hashes.count - index)
                    progress = true
                }
            }
        }
        return appended
    }
}
