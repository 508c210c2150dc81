import Foundation
import SelarasModel

/// A row of the `streams` table, checked: a stream's last seq and hash, and its origin's
/// signature of that head (nil for the hub's own streams, which it signs when sending).
struct StoredHead: Sendable {
    /// The stream.
    let stream: StreamID
    /// Its last seq (0: none).
    let seq: UInt64
    /// The hash of the event at ``seq``.
    let hash: EventHash
    /// The origin's signature of (stream, seq, hash), 64 bytes.
    let signature: [UInt8]?

    /// The columns a query selects, in the order ``init(origin:kelurahan:seq:hash:signature:)`` takes them.
    static let columns = "origin, kelurahan, seq, hash, signed_head"

    /// Checks one row's values.
    /// - Throws: ``DatabaseError`` `.badRow` naming the stream and the column.
    init(origin: Int64, kelurahan: Int16, seq: Int64, hash: Data, signature: Data?) throws(DatabaseError) {
        let row = RowCheck(table: "streams", row: "origin \(ReplicaID(rawValue: UInt64(bitPattern: origin))) kelurahan \(kelurahan)")
        stream = try StreamID.fromColumns(origin: origin, kelurahan: kelurahan, row)
        try row.check(seq >= 0, "seq", "\(seq)", "0 or more")
        try row.check(hash.count == 32, "hash", "\(hash.count) bytes", "32 bytes")
        if let signature { try row.check(signature.count == 64, "signed_head", "\(signature.count) bytes", "64 bytes") }
        self.seq = UInt64(seq)
        self.hash = EventHash(bytes: hash)
        self.signature = signature.map { Array($0) }
    }
}
