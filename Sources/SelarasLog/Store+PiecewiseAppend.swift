import SelarasModel

extension Store {
    /// Appends verified events received from elsewhere that arrive piece by piece (a large
    /// bundle read in bounded chunks): one atomic batch, without holding it in memory.
    ///
    /// `produce` calls `append` with runs in any stream order; each run must continue its
    /// stream exactly (the next seq, the current head's hash), so a stream may arrive in many
    /// consecutive runs. Runs are written without fsync; when `produce` returns, every log it
    /// touched is synced (one fsync per stream) and the batch commits. If `produce` or an
    /// append or a sync throws, or the process dies before the commit, every log touched is
    /// taken back to where it was (a log this batch created is removed) — and so are the files
    /// named in `preserving` and the directories named in `watching`, which `produce` may
    /// change as part of the same batch.
    /// - Parameters:
    ///   - preserving: small files (relative to the store) `produce` may rewrite whole.
    ///   - watching: directories (relative to the store) `produce` may add files to.
    ///   - produce: delivers the runs; it may throw to abandon the whole batch.
    /// - Throws: ``StoreError`` `.chainBroken` when a run does not continue its stream, `.io`,
    ///   or whatever `produce` throws.
    /// - Complexity: O(bytes appended); memory is the largest run passed, not the batch.
    public func appendVerified(preserving: [String] = [], watching: [String] = [],
                               piecewise produce: (_ append: (VerifiedRun) throws -> Void) throws -> Void) throws {
        try atomically(preserving: preserving, watching: watching) { batch in
            try produce { run in
                guard run.count > 0 else { return }
                let held = self.versionVector[run.stream]
                guard run.firstSeq == held + 1, run.firstPrevious == self.head(of: run.stream) else {
                    throw StoreError(.chainBroken, "events of stream \(run.stream) from seq \(run.firstSeq) do not continue this store's seq \(held)")
                }
                try batch.log(for: run.stream).appendFramed(run.frames, offsets: run.frameOffsets, head: run.lastHash, sync: false)
            }
        }
    }
}
