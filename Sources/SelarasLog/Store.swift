#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import SelarasModel

/// One replica's store: a directory holding who it is, its signing key and one append-only
/// log per stream.
///
/// ```
/// STORE/replica          id, kelurahan, label (binary, CRC-32)
/// STORE/signing.key      Ed25519 private key (32 bytes, mode 0600)
/// STORE/lock             held (flock) while a process has the store open
/// STORE/streams/ORIGIN-KK.log  frames: length, CRC-32, canonical event
/// STORE/streams/ORIGIN-KK.idx  seq → offset, 8 bytes per event (derived; rebuilt if damaged)
/// STORE/batch.journal  undo record of an atomic batch, cleared when it commits (see BatchJournal)
/// STORE/imported       SHA-256 of every file imported (see ImportLedger)
/// ```
/// A `Store` is used from one thread at a time; the hub wraps one in an actor.
public final class Store {
    /// The directory.
    public let directory: String
    /// Who this replica is.
    public let metadata: StoreMetadata
    /// What opening found and repaired (torn tails, rebuilt indexes).
    public private(set) var recoveryNotes: [RecoveryNote]
    let fs: FileSystem
    /// The file system the store works through (sync keeps its own files beside the logs).
    public var fileSystem: FileSystem { fs }
    let signingKey: Curve25519.Signing.PrivateKey
    var logs: [StreamID: StreamLog]
    private var lockFD: Int32
    /// The undo record of a batch that failed and could not yet be taken back on disk; every
    /// append first finishes taking it back (``settleJournal()``).
    var unsettledJournal: BatchJournal?

    /// How appends are made durable.
    public enum Durability: Sendable {
        /// One `fdatasync` per event: each event is acknowledged on its own.
        case eachEvent
        /// One atomic batch for the whole call (bulk imports): one `fdatasync` per stream plus
        /// the undo record's; the call's events are acknowledged together when it returns, and
        /// if it fails — or the process is killed, or the power is cut, at any point — none of
        /// them is kept (see ``atomically(preserving:appendingTo:watching:_:)``).
        case batch
    }

    var streamsDirectory: String { directory + "/streams" }

    /// The replica's id.
    public var replica: ReplicaID { metadata.replica }
    /// The replica's public signing key.
    public var publicKey: Curve25519.Signing.PublicKey { signingKey.publicKey }

    private init(directory: String, metadata: StoreMetadata, fs: FileSystem, key: Curve25519.Signing.PrivateKey,
                 logs: [StreamID: StreamLog], notes: [RecoveryNote], lockFD: Int32) {
        self.directory = directory
        self.metadata = metadata
        self.fs = fs
        self.signingKey = key
        self.logs = logs
        self.recoveryNotes = notes
        self.lockFD = lockFD
    }

    deinit { if lockFD >= 0 { _ = Glibc.close(lockFD) } }

    // MARK: Creating and opening

    /// Creates a new store: a fresh replica id and signing key, everything synced.
    /// - Parameters:
    ///   - directory: where; must not exist or be empty.
    ///   - kelurahan: the kelurahan this replica serves.
    ///   - label: a name for people (see ``StoreMetadata/labelProblem(_:)``).
    ///   - fileSystem: the file system (tests pass a fault-injecting one).
    /// - Throws: `ModelError` `.invalidValue` for a label that is too long or not one line
    ///   (nothing is created); ``StoreError`` `.alreadyExists` or `.io`.
    public static func create(at directory: String, kelurahan: Kelurahan, label: String,
                              fileSystem fs: FileSystem = PosixFileSystem()) throws -> Store {
        // Refused before anything is written: a label the replica file cannot hold would leave
        // a store that does not open and blocks the next `init`.
        if let problem = StoreMetadata.labelProblem(label) {
            throw ModelError(.invalidValue, problem + "; nothing was created")
        }
        if fs.exists(directory) {
            let names = (try? fs.list(directory)) ?? ["?"]
            guard names.isEmpty else {
                throw StoreError(.alreadyExists, "\(directory) already exists and is not empty; choose another --store")
            }
        }
        do {
            if !fs.exists(directory) {
                try fs.createDirectory(directory)
                try fs.syncDirectory(parentDirectory(of: directory))
            }
            let key = Curve25519.Signing.PrivateKey()
            let meta = StoreMetadata(replica: .derived(fromPublicKey: Array(key.publicKey.rawRepresentation)),
                                     kelurahan: kelurahan, label: label, createdAt: WallClock.nowMilliseconds())
            try fs.writeFileAtomically(directory + "/signing.key", Array(key.rawRepresentation), mode: 0o600)
            try fs.createDirectory(directory + "/streams")
            try fs.syncDirectory(directory)
            try fs.writeFileAtomically(directory + "/replica", meta.encoded)
        } catch let e as StoreError { throw e } catch {
            throw StoreError(.io, "could not create the store in \(directory)", underlying: error as? SystemCallError)
        }
        return try open(at: directory, fileSystem: fs)
    }

    /// Opens a store, recovering from any crash (see ``recoveryNotes``).
    /// - Throws: ``StoreError`` `.notAStore`, `.locked` (another process has it), `.corrupt`
    ///   (damage before a tail: nothing is changed), or `.io`.
    /// - Complexity: O(streams + events written since each index was last updated).
    public static func open(at directory: String, fileSystem fs: FileSystem = PosixFileSystem()) throws -> Store {
        guard fs.exists(directory + "/replica") else {
            throw StoreError(.notAStore, "\(directory) is not a Selaras store (no replica file); create one with `selaras init`")
        }
        let lockFD = Glibc.open(directory + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockFD >= 0 else {
            throw StoreError(.io, "could not open \(directory)/lock", underlying: SystemCallError("open", path: directory + "/lock", errno: errno))
        }
        // Wait up to 2 s: a process that is just finishing (or a child process between fork and
        // exec, which briefly shares the descriptor) releases the lock within milliseconds.
        var waited = 0
        while flock(lockFD, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, waited < 200 else {
                _ = Glibc.close(lockFD)
                throw StoreError(.locked, "\(directory) is in use by another selaras process; wait for it to finish")
            }
            usleep(10_000)
            waited += 1
        }
        do {
            let meta = try StoreMetadata.decode(try fs.readFile(directory + "/replica"), path: directory + "/replica")
            let keyBytes = try fs.readFile(directory + "/signing.key")
            let key: Curve25519.Signing.PrivateKey
            do { key = try .init(rawRepresentation: keyBytes) } catch {
                throw StoreError(.corrupt, "\(directory)/signing.key is not an Ed25519 key")
            }
            var notes: [RecoveryNote] = []
            try undoUncommittedBatch(in: directory, fs: fs, notes: &notes)
            var logs: [StreamID: StreamLog] = [:]
            let streamsDir = directory + "/streams"
            for name in try fs.list(streamsDir) {
                guard let stream = streamID(ofLogName: name) else { continue }
                logs[stream] = try StreamLog.open(stream, in: streamsDir, fs: fs, notes: &notes)
            }
            return Store(directory: directory, metadata: meta, fs: fs, key: key, logs: logs, notes: notes, lockFD: lockFD)
        } catch {
            _ = Glibc.close(lockFD)
            if let e = error as? StoreError { throw e }
            throw StoreError(.io, "could not open the store in \(directory)", underlying: error as? SystemCallError)
        }
    }

    // MARK: Recording

    /// Records new events written on this replica, each at the next seq of its stream
    /// (this replica × the draft's kelurahan), continuing the stream's hash chain.
    ///
    /// Returns only after the events are durable (see ``Durability``).
    /// - Parameters:
    ///   - drafts: the events, in order.
    ///   - durability: one sync per event, or one per stream for the whole call.
    /// - Returns: the events as stored, with their dots.
    /// - Throws: ``StoreError``; when it throws, none of the events not yet acknowledged is kept.
    @discardableResult
    public func record(_ drafts: [EventDraft], durability: Durability = .eachEvent) throws -> [Event] {
        switch durability {
        case .eachEvent:
            try settleJournal()
            var out: [Event] = []
            for d in drafts { out += try log(for: StreamID(origin: replica, kelurahanCode: d.kelurahanCode)).append([d], sync: true) }
            return out
        case .batch:
            return try atomically { batch in try self.append(drafts, in: batch) }
        }
    }

    /// Appends drafts within a batch (grouped by stream, unsynced: the batch syncs at its end).
    /// - Returns: the events, in the drafts' order.
    func append(_ drafts: [EventDraft], in batch: Batch) throws -> [Event] {
        var order: [StreamID] = []
        var groups: [StreamID: [EventDraft]] = [:]
        for d in drafts {
            let s = StreamID(origin: replica, kelurahanCode: d.kelurahanCode)
            if groups[s] == nil { order.append(s) }
            groups[s, default: []].append(d)
        }
        var byStream: [StreamID: [Event]] = [:]
        for s in order { byStream[s] = try batch.log(for: s).append(groups[s]!, sync: false) }
        // Return in the caller's order.
        var next: [StreamID: Int] = [:]
        return drafts.map { d in
            let s = StreamID(origin: replica, kelurahanCode: d.kelurahanCode)
            let i = next[s, default: 0]
            next[s] = i + 1
            return byStream[s]![i]
        }
    }

    /// Whether the store has a log for the stream (even an empty one).
    func hasLog(for stream: StreamID) -> Bool { logs[stream] != nil }

    /// The log of a stream, created (and its directory entry synced) on first use.

    func log(for stream: StreamID) throws -> StreamLog {
        if let l = logs[stream] { return l }
        let l = try StreamLog.create(stream, in: streamsDirectory, fs: fs)
        logs[stream] = l
        return l
    }

    // MARK: Reading

    /// What this replica holds: highest seq per stream.
    public var versionVector: VersionVector {
        VersionVector(Dictionary(uniqueKeysWithValues: logs.map { ($0.key, $0.value.count) }))
    }

    /// The streams present, in canonical order.
    public var streams: [StreamID] { logs.keys.sorted() }

    /// The hash of the last event of a stream (the chain head), or ``EventHash/zero``.
    public func head(of stream: StreamID) -> EventHash { logs[stream]?.head ?? .zero }

    /// The events of a stream with seq > `after`, in seq order.
    /// - Complexity: O(events returned): the index locates the first without a scan.
    public func events(in stream: StreamID, after seq: UInt64 = 0) throws -> [Event] {
        guard let log = logs[stream] else { return [] }
        return try log.events(after: seq)
    }

    /// Calls `body` with every event of every stream (streams in canonical order, then seq).
    /// Streams through a fixed buffer; memory does not grow with the store.
    public func forEachEvent(_ body: (Event) throws -> Void) throws {
        for s in streams {
            try logs[s]!.forEachFrame(after: 0) { _, payload in try body(try Event.decode(payload)) }
        }
    }

    /// Calls `body` with each event's frame of a stream after `seq`, without checking its
    /// checksum or decoding it: for callers that check only the frames they use
    /// (``StoredFrame/checkedPayload()``). No copy: the payload points into the read buffer.
    public func forEachUncheckedFrame(in stream: StreamID, after seq: UInt64,
                                      _ body: (StoredFrame) throws -> Void) throws {
        try logs[stream]?.forEachStoredFrame(of: stream, after: seq, body)
    }

    /// Calls `body` with the canonical bytes of each event of a stream after `seq`, without
    /// decoding (for bundles).
    /// - Parameter through: the last seq to read (default: the end of the stream).
    public func forEachEncodedEvent(in stream: StreamID, after seq: UInt64, through: UInt64 = .max,
                                    _ body: (UInt64, UnsafeRawBufferPointer) throws -> Void) throws {
        try logs[stream]?.forEachFrame(after: seq, through: through, body)
    }

    /// Bytes of the frames (length, CRC-32, event) of seqs `first…last` of a stream, read from
    /// the index without touching the log: the size of that run in a bundle. O(1).
    public func frameBytes(in stream: StreamID, first: UInt64, last: UInt64) -> UInt64 {
        logs[stream]?.frameBytes(first: first, last: last) ?? 0
    }

    /// A secret derived from this replica's private key for another purpose (for example the
    /// default pseudonym key of exports): SHA-256 of a label and the key. 32 bytes.
    public func derivedSecret(label: String) -> [UInt8] {
        Array(SHA256.hash(data: Array("selaras-derived:\(label):".utf8) + Array(signingKey.rawRepresentation)))
    }

    /// Signs bytes with this replica's key (chain heads, bundles).
    public func sign(_ bytes: [UInt8]) throws -> [UInt8] { Array(try signingKey.signature(for: bytes)) }

    /// Releases the store (its lock and files). Using it afterwards is a programming error.
    public func close() {
        logs = [:]
        if lockFD >= 0 { _ = Glibc.close(lockFD) }
        lockFD = -1
    }
}

@available(*, unavailable)
extension Store: Sendable {}

/// A verified run of another replica's events, ready to continue a stream's log exactly.
public struct VerifiedRun: Sendable {
    /// The stream.
    public let stream: StreamID
    /// The seq of the first event.
    public let firstSeq: UInt64
    /// The hash the first event names as its predecessor.
    public let firstPrevious: EventHash
    /// The hash of the last event (the new chain head).
    public let lastHash: EventHash
    /// The events as frames (length, CRC-32, canonical bytes), back to back.
    public let frames: [UInt8]
    /// Start of each frame within `frames`.
    public let frameOffsets: [UInt64]

    /// Creates a run.
    public init(stream: StreamID, firstSeq: UInt64, firstPrevious: EventHash, lastHash: EventHash,
                frames: [UInt8], frameOffsets: [UInt64]) {
        self.stream = stream
        self.firstSeq = firstSeq
        self.firstPrevious = firstPrevious
        self.lastHash = lastHash
        self.frames = frames
        self.frameOffsets = frameOffsets
    }

    /// Number of events.
    public var count: Int { frameOffsets.count }
}

extension Store {
    /// Appends verified runs of events received from elsewhere: all or nothing.
    ///
    /// Each run must continue its stream exactly (next seq, the current head's hash). One
    /// atomic batch: one fsync per stream; if any append fails, or the process dies, none is kept.
    /// - Throws: ``StoreError`` `.chainBroken` when a run does not continue its stream, `.io`.
    public func appendVerified(_ runs: [VerifiedRun]) throws {
        for r in runs {
            let held = versionVector[r.stream]
            guard r.firstSeq == held + 1, r.firstPrevious == head(of: r.stream) else {
                throw StoreError(.chainBroken, "events of stream \(r.stream) from seq \(r.firstSeq) do not continue this store's seq \(held)")
            }
        }
        try atomically { batch in
            for r in runs where r.count > 0 {
                try batch.log(for: r.stream).appendFramed(r.frames, offsets: r.frameOffsets, head: r.lastHash, sync: false)
            }
        }
    }

    /// The hash of the event at `seq` in a stream (reads one frame through the index).
    public func hash(of stream: StreamID, at seq: UInt64) throws -> EventHash? {
        guard seq >= 1, seq <= versionVector[stream] else { return nil }
        var h: EventHash? = nil
        do {
            try forEachEncodedEvent(in: stream, after: seq - 1) { s, payload in
                if s == seq { h = EventHash.of(payload) }
                if s >= seq { throw StopIteration() }
            }
        } catch is StopIteration {}
        return h
    }
}

/// Thrown internally to stop a scan early.
struct StopIteration: Error {}
