import Crypto
import SelarasLog
import SelarasModel

/// What a replica remembers for sync, beside its logs (file `sync-state`, rewritten atomically):
/// the public keys of the origins it has seen, recent signed chain heads of other origins'
/// streams, and, per peer, the last version vector it learned from that peer.
public struct SyncState: Sendable {
    /// Origin → Ed25519 public key (32 bytes); ids are derived from keys.
    public var keys: [ReplicaID: [UInt8]] = [:]
    /// Stream → signed heads received (the newest few), for relaying.
    public var heads: [StreamID: [SignedHead]] = [:]
    /// Peer → the last version vector learned from it.
    public var peers: [ReplicaID: VersionVector] = [:]

    static let fileName = "sync-state"
    static let magic: [UInt8] = Array("SLRSSYNC".utf8)
    static let headsKept = 8

    /// An empty state.
    public init() {}

    /// Loads the state of a store (empty when it has none yet).
    public static func load(_ store: Store) throws -> SyncState {
        let path = store.directory + "/" + fileName
        guard store.fileSystem.exists(path) else { return SyncState() }
        let bytes: [UInt8]
        do { bytes = try store.fileSystem.readFile(path) } catch {
            throw SyncError(.io, "could not read \(path)", underlying: error as? SystemCallError)
        }
        guard bytes.count >= 12, Array(bytes.prefix(8)) == magic else { throw SyncError(.malformed, "\(path) is damaged (bad magic)") }
        let crc = bytes.suffix(4).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        guard bytes.dropLast(4).withUnsafeBytes({ Frame.crc32($0) }) == crc else { throw SyncError(.malformed, "\(path) is damaged (checksum)") }
        let s: SyncState
        do {
            let body = Array(bytes[8..<(bytes.count - 4)])
            s = try body.withUnsafeBytes { try Self.parse($0) }
        } catch { throw SyncError(.malformed, "\(path) is damaged: \(error)") }
        return s
    }

    private static func parse(_ p: UnsafeRawBufferPointer) throws -> SyncState {
        var s = SyncState()
        var r = BinaryReader(p)
        for _ in 0..<(try r.varint()) { s.keys[ReplicaID(rawValue: try r.u64())] = Array(try r.bytes(32)) }
        for _ in 0..<(try r.varint()) {
            let h = try SignedHead.decode(&r)
            s.heads[h.stream, default: []].append(h)
        }
        for _ in 0..<(try r.varint()) { s.peers[ReplicaID(rawValue: try r.u64())] = try VersionVector.decode(&r) }
        return s
    }

    /// Writes the state durably (temporary file, fsync, rename, directory fsync).
    public func save(_ store: Store) throws {
        do { try store.fileSystem.writeFileAtomically(store.directory + "/" + Self.fileName, encoded) } catch {
            throw SyncError(.io, "could not save the sync state of \(store.directory)", underlying: error as? SystemCallError)
        }
    }

    /// Writes the state durably over the file in place (write, truncate, one fdatasync): no
    /// temporary file, rename or directory fsync. Only inside an atomic batch of the store
    /// that preserves ``fileName`` (its undo record holds the old content, so a write torn by
    /// a crash is taken back with the batch); a first save, which creates the file, is made
    /// with ``save(_:)``.
    public func saveInBatch(_ store: Store) throws {
        let path = store.directory + "/" + Self.fileName
        let fs = store.fileSystem
        guard fs.exists(path) else { return try save(store) }
        let bytes = encoded
        do {
            let fd = try fs.open(path, create: false, mode: 0o644)
            defer { fs.close(fd) }
            try bytes.withUnsafeBytes { try fs.writeAll(fd, $0, at: 0, path: path) }
            try fs.truncate(fd, to: UInt64(bytes.count))
            try fs.sync(fd)
        } catch {
            throw SyncError(.io, "could not save the sync state of \(store.directory)", underlying: error as? SystemCallError)
        }
    }

    /// The file's bytes: magic, keys, heads, peers, CRC-32.
    var encoded: [UInt8] {
        var w = BinaryWriter()
        w.raw(Self.magic)
        w.varint(UInt64(keys.count))
        for id in keys.keys.sorted() { w.u64(id.rawValue); w.raw(keys[id]!) }
        let all = heads.keys.sorted().flatMap { heads[$0]! }
        w.varint(UInt64(all.count))
        for h in all { h.encode(into: &w) }
        w.varint(UInt64(peers.count))
        for id in peers.keys.sorted() { w.u64(id.rawValue); peers[id]!.encode(into: &w) }
        let crc = w.bytes.withUnsafeBytes { Frame.crc32($0) }
        w.u32(crc)
        return w.bytes
    }

    /// Remembers a signed head (keeping the newest few per stream).
    public mutating func remember(_ h: SignedHead) {
        var list = heads[h.stream, default: []]
        guard !list.contains(where: { $0.seq == h.seq }) else { return }
        list.append(h)
        list.sort { $0.seq < $1.seq }
        if list.count > Self.headsKept { list.removeFirst(list.count - Self.headsKept) }
        heads[h.stream] = list
    }
}
