import SelarasModel

extension Store {
    /// Appends verified events received from elsewhere that arrive piece by piece (a large
    /// bundle read in bounded chunks): all or nothing, without holding the whole batch in memory.
    ///
    /// `produce` calls `append` with runs in any stream order; each run must continue its
    /// stream exactly (the next seq, the current head's hash), so a stream may arrive in many
    /// consecutive runs. Runs are written without fsync; when `produce` returns, every log it
    /// touched is synced (one fsync per stream). If `produce` or an append or a sync throws,
    /// every log touched is rolled back to where it was (a log this batch created is removed),
    /// and the error is rethrown.
    /// - Parameter produce: delivers the runs; it may throw to abandon the whole batch.
    /// - Throws: ``StoreError`` `.chainBroken` when a run does not continue its stream, `.io`,
    ///   or whatever `produce` throws.
    /// - Complexity: O(bytes appended); memory is the largest run passed, not the batch.
    public func appendVerified(piecewise produce: (_ append: (VerifiedRun) throws -> Void) throws -> Void) throws {
        var touched: [StreamID: (log: StreamLog, count: UInt64, head: EventHash, created: Bool)] = [:]
        do {
            try produce { run in
                guard run.count > 0 else { return }
                let held = versionVector[run.stream]
                guard run.firstSeq == held + 1, run.firstPrevious == head(of: run.stream) else {
                    throw StoreError(.chainBroken, "events of stream \(run.stream) from seq \(run.firstSeq) do not continue this store's seq \(held)")
                }
                if touched[run.stream] == nil {
                    let created = !hasLog(for: run.stream)
                    let log = try log(for: run.stream)
                    touched[run.stream] = (log, log.count, log.head, created)
                }
                let log = touched[run.stream]!.log
                try log.appendFramed(run.frames, offsets: run.frameOffsets, head: run.lastHash, sync: false)
            }
            for entry in touched.values { try entry.log.syncAppended() }
        } catch {
            for (stream, entry) in touched {
                try? entry.log.rollBack(to: entry.count, head: entry.head)
                if entry.created { discardEmptyLog(for: stream) }
            }
            throw error
        }
    }
}
