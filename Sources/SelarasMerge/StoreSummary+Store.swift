import SelarasLog
import SelarasModel

extension StoreSummary {
    /// How ``load(for:)`` got its summary.
    public enum Source: Sendable, Equatable {
        /// The file matched the store exactly.
        case file
        /// The file matched up to a point; this many events from the logs' tails were applied.
        case caughtUp(events: Int)
        /// The file was missing, damaged, foreign, ahead of the logs, or the tail held more than
        /// plain creates: the summary was rebuilt from a full fold. The text says why.
        case rebuilt(String)
    }

    /// The most events ``catchUp(_:)`` applies; a longer tail is folded with the rest.
    public static let longestTail: UInt64 = 20_000

    /// The summary's file in a store directory.
    public static func path(in directory: String) -> String { directory + "/summary" }

    /// The store's summary, current to its last event: read from `STORE/summary` and checked,
    /// caught up from the logs' tails, or rebuilt from a full fold; written back (temporary
    /// file and rename) when it changed.
    /// - Returns: the summary and how it was obtained.
    /// - Throws: ``StoreError`` or `ModelError` when the logs are damaged (never for a bad
    ///   summary file, which is rebuilt). A failure to write the file is ignored: the next
    ///   command rebuilds or catches up again.
    public static func load(for store: Store) throws -> (summary: StoreSummary, source: Source) {
        let file = path(in: store.directory)
        var summary: StoreSummary
        do {
            guard store.fileSystem.exists(file) else { return try rebuild(store, because: "no summary file yet") }
            summary = try decode(try store.fileSystem.readFile(file))
        } catch let e as StoreError {
            return try rebuild(store, because: e.message)
        } catch {
            return try rebuild(store, because: "\(file) could not be read")
        }
        if let stale = try summary.staleness(against: store) { return try rebuild(store, because: stale) }
        let applied: Int
        do {
            guard let n = try summary.catchUp(store) else { return try rebuild(store, because: "the new events include changes, or more than \(longestTail)") }
            applied = n
        }
        guard applied > 0 else { return (summary, .file) }
        summary.save(in: store)
        return (summary, .caughtUp(events: applied))
    }

    /// Folds the whole store, summarises it and writes the file.
    static func rebuild(_ store: Store, because why: String) throws -> (summary: StoreSummary, source: Source) {
        let summary = StoreSummary(state: try ConsolidatedState(store: store), store: store)
        summary.save(in: store)
        return (summary, .rebuilt(why))
    }

    /// Writes the file: a temporary file renamed over it. Not fsynced — it is a cache, and a
    /// file torn by a power cut fails its checksum and is rebuilt. Errors are ignored.
    func save(in store: Store) {
        let fs = store.fileSystem
        let file = Self.path(in: store.directory), tmp = file + ".tmp"
        let bytes = encoded()
        do {
            if fs.exists(tmp) { try fs.remove(tmp) }
            let fd = try fs.open(tmp, create: true, mode: 0o644)
            defer { fs.close(fd) }
            var done = 0
            try bytes.withUnsafeBytes { buf in
                while done < buf.count {
                    let n = try fs.write(fd, UnsafeRawBufferPointer(rebasing: buf[done...]), at: UInt64(done))
                    guard n > 0 else { throw StoreError(.io, "short write to \(tmp)") }
                    done += n
                }
            }
            try fs.rename(tmp, to: file)
        } catch {
            try? fs.remove(tmp)
        }
    }

    /// Why this summary does not describe a prefix of the store's streams, or nil when it does:
    /// another replica's, or a stream summarised past the log's end or at an event whose hash
    /// differs (the log was replaced, or lost unsynced events in a power cut).
    func staleness(against store: Store) throws -> String? {
        guard replica == store.replica else { return "the summary belongs to replica \(replica), not \(store.replica)" }
        let vv = store.versionVector
        for (stream, mark) in heads {
            let held = vv[stream]
            guard mark.seq <= held else { return "the summary counts \(mark.seq) events of stream \(stream), the log holds \(held)" }
            let hash = mark.seq == held ? store.head(of: stream) : try store.hash(of: stream, at: mark.seq)
            guard hash == mark.hash else { return "stream \(stream) differs from the summary at seq \(mark.seq)" }
        }
        return nil
    }

    /// Applies the events after ``heads`` in every stream.
    /// - Returns: the number applied, or nil when one needs a full fold (a same-as decision, the
    ///   void of a child, a create of a record that already has other events or is named by a
    ///   link, or a child while some checks have no visible child), or when the tail holds more
    ///   than ``longestTail`` events. Corrections, and voids of checks and surveys, are applied
    ///   (``applyChanges(_:in:)``).
    mutating func catchUp(_ store: Store) throws -> Int? {
        let vv = store.versionVector
        // A long tail (a big import or bundle) is folded whole: the fold reads it in order on
        // every core, where catching up would read each check's child at random.
        let tail = vv.streams.reduce(UInt64(0)) { $0 + (vv[$1] - min(vv[$1], heads[$1]?.seq ?? 0)) }
        guard tail <= Self.longestTail else { return nil }
        var checkRefs: [EntityID?] = []
        var changed: [EntityID: [Dot]] = [:]
        var applied = 0
        for stream in vv.streams {
            let from = heads[stream]?.seq ?? 0
            guard vv[stream] > from else { continue }
            var needsFold = false
            do {
                try store.forEachEncodedEvent(in: stream, after: from) { _, payload in
                    let e = try Event.decode(payload)
                    if Self.isCaughtUpChange(e) {
                        changed[e.entity, default: []].append(e.dot)
                        applied += 1
                        return
                    }
                    guard case .create(let kind, let fields) = e.operation, changes[e.entity] == nil, changed[e.entity] == nil,
                          !linked.contains(e.entity) else {
                        needsFold = true
                        throw SummaryStop()
                    }
                    switch kind {
                    case .child where checksWithoutVisibleChild > 0:
                        needsFold = true
                        throw SummaryStop()
                    case .growthCheck: checkRefs.append(fields[FieldKey.GrowthCheck.child]?.reference)
                    default: break
                    }
                    counts[kind]!.active += 1
                    applied += 1
                }
            } catch is SummaryStop {}
            if needsFold { return nil }
            heads[stream] = StreamMark(seq: vv[stream], hash: store.head(of: stream))
        }
        // Judged against the whole store as it now is: that is what a full fold sees.
        var visible: [EntityID: Bool] = [:]
        for ref in checkRefs {
            let shown: Bool
            if let ref, let known = visible[ref] {
                shown = known
            } else if let ref {
                shown = try isVisibleChild(ref, in: store)
                visible[ref] = shown
            } else {
                shown = false
            }
            if !shown {
                checksWithoutVisibleChild += 1
                counts[.growthCheck]!.active -= 1
            }
        }
        try applyChanges(changed, in: store)
        return applied
    }
}
