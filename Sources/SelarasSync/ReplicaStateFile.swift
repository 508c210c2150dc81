import SelarasLog
import SelarasModel

/// A small file saying what a replica holds (its id and version vector), written by
/// `selaras state --out FILE` so that a peer can make a bundle of exactly what it lacks.
public struct ReplicaStateFile: Sendable, Hashable {
    /// Whose state.
    public let replica: ReplicaID
    /// What it holds.
    public let versionVector: VersionVector

    static let magic: [UInt8] = Array("SLRSSTAT".utf8)

    /// Creates a state.
    public init(replica: ReplicaID, versionVector: VersionVector) {
        self.replica = replica
        self.versionVector = versionVector
    }

    /// The file's bytes: magic, version, replica id, version vector, CRC-32.
    public var encoded: [UInt8] {
        var w = BinaryWriter()
        w.raw(Self.magic)
        w.u8(1)
        w.u64(replica.rawValue)
        versionVector.encode(into: &w)
        let crc = w.bytes.withUnsafeBytes { Frame.crc32($0) }
        w.u32(crc)
        return w.bytes
    }

    /// Reads a state file's bytes.
    /// - Throws: ``SyncError`` `.malformed` naming the file.
    public static func decode(_ bytes: [UInt8], name: String) throws -> ReplicaStateFile {
        guard bytes.count > 17, Array(bytes.prefix(8)) == magic, bytes[8] == 1 else {
            throw SyncError(.malformed, "\(name): not a Selaras state file (make one with `selaras state --out FILE`)")
        }
        let crc = bytes.suffix(4).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        guard bytes.dropLast(4).withUnsafeBytes({ Frame.crc32($0) }) == crc else {
            throw SyncError(.malformed, "\(name): the state file is damaged (checksum)")
        }
        let body = Array(bytes[9..<(bytes.count - 4)])
        do {
            return try body.withUnsafeBytes { p in
                var r = BinaryReader(p)
                let id = ReplicaID(rawValue: try r.u64())
                let vv = try VersionVector.decode(&r)
                guard r.remaining == 0 else { throw ModelError(.malformedEncoding, "trailing bytes") }
                if let e = vv.entries.filter({ $0.value > BundleHeader.maxSeq }).min(by: { $0.key < $1.key }) {
                    throw ModelError(.malformedEncoding, "it names seq \(e.value) of stream \(e.key); allowed: 0…\(BundleHeader.maxSeq)")
                }
                return ReplicaStateFile(replica: id, versionVector: vv)
            }
        } catch { throw SyncError(.malformed, "\(name): the state file is damaged: \(error)") }
    }
}
