import SelarasModel

/// Who a store is: its replica id, kelurahan, label and creation time. Stored in `replica`,
/// a small binary file (magic `SLRSMETA`, fields, CRC-32).
public struct StoreMetadata: Sendable, Hashable {
    /// The replica's id.
    public let replica: ReplicaID
    /// The kelurahan the laptop serves.
    public let kelurahan: Kelurahan
    /// A label for people ("Posyandu Melati laptop 1").
    public let label: String
    /// When the store was made (milliseconds since 1970), for people.
    public let createdAt: Int64

    static let magic: [UInt8] = Array("SLRSMETA".utf8)

    /// Why `label` cannot be a store's label, or nil when it can: one line without control
    /// characters within ``TextLimit/storeLabel`` (characters and bytes), the limit the
    /// replica file is read back with.
    public static func labelProblem(_ label: String) -> String? {
        TextLimit.storeLabel.oneLineProblem(label, what: "--label")
    }

    /// The binary form.
    var encoded: [UInt8] {
        var w = BinaryWriter()
        w.raw(Self.magic)
        w.u8(1)
        w.u64(replica.rawValue)
        w.u16(kelurahan.code)
        w.string(label)
        w.zigzag(createdAt)
        let crc = w.bytes.withUnsafeBytes { Frame.crc32($0) }
        w.u32(crc)
        return w.bytes
    }

    /// Reads the binary form.
    static func decode(_ bytes: [UInt8], path: String) throws -> StoreMetadata {
        func bad(_ why: String) -> StoreError { StoreError(.notAStore, "\(path): \(why); is this a Selaras store?") }
        guard bytes.count > 12, Array(bytes.prefix(8)) == magic else { throw bad("not a Selaras replica file") }
        let crc = bytes.suffix(4).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        guard bytes.dropLast(4).withUnsafeBytes({ Frame.crc32($0) }) == crc else { throw bad("checksum mismatch") }
        return try bytes.withUnsafeBytes { p in
            var r = BinaryReader(UnsafeRawBufferPointer(rebasing: p[8..<(p.count - 4)]))
            do {
                guard try r.u8() == 1 else { throw bad("unknown version") }
                let replica = ReplicaID(rawValue: try r.u64())
                guard let kel = Kelurahan(code: try r.u16()) else { throw bad("unknown kelurahan code") }
                let label = try r.string(maxLength: TextLimit.storeLabel.bytes)
                let created = try r.zigzag()
                return StoreMetadata(replica: replica, kelurahan: kel, label: label, createdAt: created)
            } catch let e as ModelError { throw bad(e.message) }
        }
    }
}
