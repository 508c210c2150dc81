import SelarasLog
import SelarasModel

/// Thrown to stop reading a log early.
struct SummaryStop: Error {}

/// The binary form of `STORE/summary`:
///
/// ```
/// "SLRSSUMM" | version u8 (1) | replica u64
/// heads:     count varint, then per stream: origin u64, kelurahan u16, seq varint, hash 32 bytes
/// counts:    per kind (child, check, survey): active varint, voided varint
/// hidden:    varint
/// changes:   count varint, then per record: id, dot count varint, dots
/// canonical: count varint, then pairs of ids
/// linked:    count varint, then ids
/// trailer:   CRC-32 (zlib) of everything before, u32
/// ```
/// An id is kind u8 and its dot; a dot is origin u64, kelurahan u16, seq varint. Every
/// collection is written in sorted order, so equal summaries have equal bytes.
extension StoreSummary {
    static let magic = Array("SLRSSUMM".utf8)
    static let version: UInt8 = 1

    /// The file's bytes.
    func encoded() -> [UInt8] {
        var w = BinaryWriter(capacity: 256 + changes.count * 40)
        w.raw(Self.magic)
        w.u8(Self.version)
        w.u64(replica.rawValue)
        w.varint(UInt64(heads.count))
        for s in heads.keys.sorted() {
            w.u64(s.origin.rawValue)
            w.u16(s.kelurahanCode)
            w.varint(heads[s]!.seq)
            w.raw(heads[s]!.hash.bytes)
        }
        for k in RecordKind.allCases {
            w.varint(UInt64(counts[k]?.active ?? 0))
            w.varint(UInt64(counts[k]?.voided ?? 0))
        }
        w.varint(UInt64(checksWithoutVisibleChild))
        w.varint(UInt64(changes.count))
        for id in changes.keys.sorted() {
            Self.write(id, &w)
            let dots = changes[id]!
            w.varint(UInt64(dots.count))
            for d in dots { Self.write(d, &w) }
        }
        w.varint(UInt64(canonical.count))
        for id in canonical.keys.sorted() {
            Self.write(id, &w)
            Self.write(canonical[id]!, &w)
        }
        w.varint(UInt64(linked.count))
        for id in linked.sorted() { Self.write(id, &w) }
        let crc = w.bytes.withUnsafeBytes { Frame.crc32($0) }
        w.u32(crc)
        return w.bytes
    }

    /// Reads the file's bytes.
    /// - Throws: ``StoreError`` `.corrupt` naming what is wrong (bad magic or version, a
    ///   checksum mismatch, a count longer than the data, a value out of range).
    static func decode(_ bytes: [UInt8]) throws(StoreError) -> StoreSummary {
        func corrupt(_ why: String) -> StoreError { StoreError(.corrupt, "summary file: \(why); it is rebuilt") }
        guard bytes.count >= magic.count + 1 + 8 + 4 else { throw corrupt("\(bytes.count) bytes, too short") }
        guard Array(bytes.prefix(magic.count)) == magic else { throw corrupt("not a summary file") }
        let body = bytes.count - 4
        let stored = UInt32(bytes[body]) | UInt32(bytes[body + 1]) << 8 | UInt32(bytes[body + 2]) << 16 | UInt32(bytes[body + 3]) << 24
        let crc = bytes.withUnsafeBytes { Frame.crc32(UnsafeRawBufferPointer(rebasing: $0[..<body])) }
        guard crc == stored else { throw corrupt("checksum mismatch") }
        do {
            return try bytes.withUnsafeBytes { raw throws(ModelError) -> StoreSummary in
                var r = BinaryReader(UnsafeRawBufferPointer(rebasing: raw[magic.count..<body]))
                guard try r.u8() == version else { throw ModelError(.malformedEncoding, "unknown version") }
                let replica = ReplicaID(rawValue: try r.u64())
                // Seqs and counts far beyond any store (2^48), so that sums and increments
                // of them can never overflow.
                let limit: UInt64 = 1 << 48
                func count(_ minBytes: Int) throws(ModelError) -> Int {
                    let n = try r.varint()
                    guard n <= UInt64(r.remaining / minBytes) else { throw ModelError(.malformedEncoding, "a count of \(n) is longer than the data") }
                    return Int(n)
                }
                func dot() throws(ModelError) -> Dot {
                    let s = StreamID(origin: ReplicaID(rawValue: try r.u64()), kelurahanCode: try r.u16())
                    let seq = try r.varint()
                    guard seq >= 1, seq <= limit else { throw ModelError(.malformedEncoding, "seq \(seq) out of range") }
                    return Dot(stream: s, seq: seq)
                }
                func id() throws(ModelError) -> EntityID {
                    let raw = try r.u8()
                    guard let kind = RecordKind(rawValue: raw) else { throw ModelError(.malformedEncoding, "record kind \(raw)") }
                    return EntityID(kind: kind, origin: try dot())
                }
                var heads: [StreamID: StreamMark] = [:]
                for _ in 0..<(try count(43)) {
                    let d = try dot()
                    heads[d.stream] = StreamMark(seq: d.seq, hash: EventHash(bytes: Array(try r.bytes(32))))
                }
                var counts: [RecordKind: Counts] = [:]
                for k in RecordKind.allCases {
                    let active = try r.varint(), voided = try r.varint()
                    guard active <= limit, voided <= limit else { throw ModelError(.malformedEncoding, "count out of range") }
                    counts[k] = Counts(active: Int(active), voided: Int(voided))
                }
                let hidden = try r.varint()
                guard hidden <= limit else { throw ModelError(.malformedEncoding, "count out of range") }
                var changes: [EntityID: [Dot]] = [:]
                let changed = try count(13)
                changes.reserveCapacity(changed)
                for _ in 0..<changed {
                    let e = try id()
                    var dots: [Dot] = []
                    for _ in 0..<(try count(11)) { dots.append(try dot()) }
                    changes[e] = dots
                }
                var canonical: [EntityID: EntityID] = [:]
                for _ in 0..<(try count(24)) { canonical[try id()] = try id() }
                var linked = Set<EntityID>()
                for _ in 0..<(try count(12)) { linked.insert(try id()) }
                guard r.remaining == 0 else { throw ModelError(.malformedEncoding, "\(r.remaining) bytes after the end") }
                return StoreSummary(replica: replica, heads: heads, counts: counts, checksWithoutVisibleChild: Int(hidden),
                                    changes: changes, canonical: canonical, linked: linked)
            }
        } catch let e as ModelError {
            throw corrupt(e.message)
        } catch {
            throw corrupt("\(error)")
        }
    }

    static func write(_ d: Dot, _ w: inout BinaryWriter) {
        w.u64(d.stream.origin.rawValue)
        w.u16(d.stream.kelurahanCode)
        w.varint(d.seq)
    }

    static func write(_ id: EntityID, _ w: inout BinaryWriter) {
        w.u8(id.kind.rawValue)
        write(id.origin, &w)
    }
}
