import SelarasModel

extension Store {
    /// A batch in progress: the logs it touched and where each stood before.
    public final class Batch {
        struct Touched {
            let log: StreamLog
            let count: UInt64
            let head: EventHash
            let created: Bool
        }

        unowned let store: Store
        var touched: [StreamID: Touched] = [:]
        var order: [StreamID] = []

        init(store: Store) { self.store = store }

        /// The log of a stream, created if needed, remembered so the batch can sync or take it back.
        func log(for stream: StreamID) throws -> StreamLog {
            if let t = touched[stream] { return t.log }
            let created = !store.hasLog(for: stream)
            let log = try store.log(for: stream)
            touched[stream] = Touched(log: log, count: log.count, head: log.head, created: created)
            order.append(stream)
            return log
        }

        /// Appends drafts written on this replica (see ``Store/record(_:durability:)``), unsynced
        /// until the batch commits.
        /// - Returns: the events as they will be stored, in the drafts' order.
        public func record(_ drafts: [EventDraft]) throws -> [Event] { try store.append(drafts, in: self) }
    }

    var journalPath: String { directory + "/" + BatchJournal.fileName }

    /// Runs `body` as one atomic batch: after it returns, or after a crash or power cut at any
    /// point, either every change it made is kept or none is.
    ///
    /// The protocol: write the undo record in place and sync it (``BatchJournal``: each log's
    /// length, each named file's length or content, each watched directory's names); let `body`
    /// append (unsynced) and change the named files; sync every log touched; clear the undo
    /// record and sync it — that clearing is the commit point. Three fdatasyncs per batch and no
    /// directory operation (but the first, which creates the record's file). Opening a
    /// store that holds an undo record takes the batch back (``recoveryNotes`` says so).
    /// If `body` or a sync throws, the batch is taken back at once and the error rethrown.
    /// - Parameters:
    ///   - preserving: small files (relative to the store) `body` may rewrite whole.
    ///   - appendingTo: files (relative to the store) `body` may only append to; it syncs them itself.
    ///   - watching: directories (relative to the store) `body` may add files to.
    ///   - body: the batch's work; appends through ``Batch``.
    /// - Throws: ``StoreError`` `.io` when the undo record cannot be written or the batch cannot
    ///   be made durable, `.poisoned` when an earlier batch could not yet be taken back, or
    ///   whatever `body` throws.
    @discardableResult
    public func atomically<T>(preserving: [String] = [], appendingTo: [String] = [], watching: [String] = [],
                              _ body: (Batch) throws -> T) throws -> T {
        try settleJournal()
        // A log that refuses appends (a failed write it could not yet truncate back) must be
        // repaired first: its length in the undo record would otherwise be a guess.
        for s in logs.keys.sorted() { try logs[s]!.ensureWritable() }
        let journal: BatchJournal
        do { journal = try makeJournal(preserving: preserving, appendingTo: appendingTo, watching: watching) } catch {
            throw StoreError(.io, "could not read what the batch would change in \(directory); nothing was changed", underlying: error as? SystemCallError)
        }
        do { try writeJournal(journal.encoded) } catch {
            // The record may be in place though not durable: remove it before anything else is written.
            unsettledJournal = journal
            try? settleJournal()
            throw StoreError(.io, "could not write the undo record \(journalPath); nothing was changed", underlying: error as? SystemCallError)
        }
        // Files the batch creates at its start: their directory entries are synced before the commit.
        let created = Set(appendingTo.filter { !fs.exists(directory + "/" + $0) }.map { parentDirectory(of: directory + "/" + $0) })
        let batch = Batch(store: self)
        do {
            let result = try body(batch)
            for s in batch.order { try batch.touched[s]!.log.syncAppended() }
            for dir in created.sorted() {
                do { try fs.syncDirectory(dir) } catch {
                    throw StoreError(.io, "could not make the batch durable (syncing \(dir))", underlying: error as? SystemCallError)
                }
            }
            do { try clearJournal() } catch {
                throw StoreError(.io, "could not commit the batch (clearing \(journalPath))", underlying: error as? SystemCallError)
            }
            return result
        } catch {
            takeBack(batch, journal)
            throw error
        }
    }

    /// Writes the undo record at the start of the journal file and makes it durable; the first
    /// time, also the file's directory entry.
    private func writeJournal(_ bytes: [UInt8]) throws {
        let existed = fs.exists(journalPath)
        let fd = try fs.open(journalPath, create: true, mode: 0o600)
        defer { fs.close(fd) }
        try bytes.withUnsafeBytes { try fs.writeAll(fd, $0, at: 0, path: journalPath) }
        try fs.sync(fd)
        if !existed { try fs.syncDirectory(directory) }
    }

    /// Clears the undo record and makes that durable. The whole file is zeroed, not only the
    /// magic: a later record torn after its first bytes must not complete an earlier one's body
    /// into a record whose CRC matches.
    static func clearJournal(at path: String, fs: FileSystem) throws {
        guard fs.exists(path) else { return }
        let fd = try fs.open(path, create: false, mode: 0)
        defer { fs.close(fd) }
        let size = try fs.size(fd)
        guard size > 0 else { return }
        let zeros = [UInt8](repeating: 0, count: Int(min(size, UInt64(Int32.max))))
        try zeros.withUnsafeBytes { try fs.writeAll(fd, $0, at: 0, path: path) }
        try fs.sync(fd)
    }

    private func clearJournal() throws { try Self.clearJournal(at: journalPath, fs: fs) }

    private func makeJournal(preserving: [String], appendingTo: [String], watching: [String]) throws -> BatchJournal {
        var j = BatchJournal()
        for s in logs.keys.sorted() {
            let log = logs[s]!
            j.files.append(.init(path: "streams/\(s.fileStem).log", length: log.end))
            j.files.append(.init(path: "streams/\(s.fileStem).idx", length: log.count * 8))
        }
        for rel in appendingTo {
            let path = directory + "/" + rel
            var length: UInt64 = 0
            if fs.exists(path) {
                let fd = try fs.open(path, create: false, mode: 0)
                defer { fs.close(fd) }
                length = try fs.size(fd)
            }
            j.files.append(.init(path: rel, length: length))
        }
        for rel in ["streams"] + watching {
            let path = directory + "/" + rel
            j.directories.append(.init(path: rel, names: fs.exists(path) ? try fs.list(path).sorted() : []))
        }
        for rel in preserving {
            let path = directory + "/" + rel
            j.saved.append(.init(path: rel, content: fs.exists(path) ? try fs.readFile(path) : nil))
        }
        return j
    }

    /// Takes a failed batch back: in memory at once, on disk through the undo record. If the
    /// disk refuses, the record stays and every later append first retries (``settleJournal()``).
    private func takeBack(_ batch: Batch, _ journal: BatchJournal) {
        for s in batch.order {
            let t = batch.touched[s]!
            if t.created { logs[s] = nil } else { try? t.log.rollBack(to: t.count, head: t.head) }
        }
        unsettledJournal = journal
        try? settleJournal()
    }

    /// Finishes taking back a batch that failed earlier: applies its undo record on disk and
    /// removes it. Nothing may be appended before: the record would take that back too.
    /// - Throws: ``StoreError`` `.poisoned` while the disk refuses.
    func settleJournal() throws {
        guard let j = unsettledJournal else { return }
        do {
            try j.undo(in: directory, fs: fs)
            try clearJournal()
            unsettledJournal = nil
        } catch {
            throw StoreError(.poisoned, "the store refuses appends: an earlier batch failed and could not yet be taken back (\(journalPath) remains)",
                             underlying: error as? SystemCallError)
        }
    }

    /// On open: takes back a batch that never committed (its undo record is still there).
    static func undoUncommittedBatch(in directory: String, fs: FileSystem, notes: inout [RecoveryNote]) throws {
        let path = directory + "/" + BatchJournal.fileName
        if fs.exists(path + ".tmp") {
            // An undo record an earlier version never put in place: its batch had not started.
            try fs.remove(path + ".tmp")
        }
        guard fs.exists(path) else { return }
        let bytes = try fs.readFile(path)
        guard let journal = try BatchJournal.read(bytes, path: path) else {
            // A record whose write or clearing a power cut tore: it opens no batch; clear it so
            // that the file says so plainly.
            if bytes.contains(where: { $0 != 0 }) { try clearJournal(at: path, fs: fs) }
            return
        }
        let changed = try journal.undo(in: directory, fs: fs)
        try clearJournal(at: path, fs: fs)
        notes.append(RecoveryNote(stream: nil, kind: .uncommittedBatchUndone(files: changed.count)))
        for c in changed where c.path.hasPrefix("streams/") {
            guard let stream = streamID(ofLogName: String(c.path.dropFirst("streams/".count))) else { continue }
            notes.append(RecoveryNote(stream: stream, kind: .uncommittedEventsRemoved(bytes: c.bytesRemoved)))
        }
    }

    /// The stream whose log file is named `name` (`ORIGIN-KK.log`), or nil for any other name.
    static func streamID(ofLogName name: String) -> StreamID? {
        guard name.hasSuffix(".log") else { return nil }
        let stem = name.dropLast(4)
        guard let dash = stem.lastIndex(of: "-"), let origin = ReplicaID(hex: String(stem[..<dash])),
              let kel = UInt16(stem[stem.index(after: dash)...]) else { return nil }
        return StreamID(origin: origin, kelurahanCode: kel)
    }
}
