/// Reading an encoded event's header without decoding the rest (the layout is in
/// `Event+Codec.swift`, which writes it; nothing outside this module reads it).
extension Event {
    /// The creating dot of the record an encoded event touches: the event's own dot for a
    /// create, else the entity's dot that follows the operation tag. Reads only the header's
    /// first bytes: no copy, no allocation, no check of the rest (decode for that).
    /// - Parameter p: an event's canonical bytes.
    /// - Returns: nil when the header is short, of another format version or not an event's.
    /// - Complexity: O(1).
    public static func peekEntityDot(_ p: UnsafeRawBufferPointer) -> Dot? {
        var r = BinaryReader(p)
        guard let version = try? r.u8(), version == formatVersion,
              let origin = try? r.u64(), let kel = try? r.u16(), let seq = try? r.varint(),
              (try? r.bytes(32)) != nil, let op = try? r.u8() else { return nil }
        if op == 1 { return Dot(stream: StreamID(origin: ReplicaID(rawValue: origin), kelurahanCode: kel), seq: seq) }
        guard (try? r.u8()) != nil, let eo = try? r.u64(), let ek = try? r.u16(), let es = try? r.varint() else { return nil }
        return Dot(stream: StreamID(origin: ReplicaID(rawValue: eo), kelurahanCode: ek), seq: es)
    }
}
