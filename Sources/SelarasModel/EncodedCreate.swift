/// What a create event says — author, wall clock, kind and fields — kept as its canonical
/// bytes (the event's encoding from the author on) and decoded one field at a time on demand.
///
/// One small allocation instead of a decoded ``FieldMap`` (48 bytes per field plus the
/// array), for holding a million records in memory. The bytes are always canonical: they
/// come from ``Event/scanCreate(_:)`` (checked like ``Event/decode(_:)``) or from encoding
/// values, so two values are equal exactly when author, clock, kind and fields are.
public struct EncodedCreate: Sendable, Hashable {
    /// Author string, recorded-at zig-zag varint, kind byte, then the field map, as in the
    /// event encoding (see `Event+Codec.swift`).
    public let bytes: [UInt8]

    init(checkedBytes: [UInt8]) { bytes = checkedBytes }

    /// Encodes a create's author, clock, kind and fields.
    /// - Complexity: O(size of the fields).
    public init(author: String, recordedAt: Int64, kind: RecordKind, fields: FieldMap) {
        var w = BinaryWriter(capacity: 16 + author.utf8.count + fields.count * 8)
        w.string(author)
        w.zigzag(recordedAt)
        w.u8(kind.rawValue)
        Event.encodeFields(fields, into: &w)
        bytes = w.bytes
    }

    /// Who recorded the create.
    public var author: String {
        bytes.withUnsafeBytes { p in
            var r = BinaryReader(p)
            return try! r.string()
        }
    }

    /// The create's wall clock (milliseconds since 1970 UTC).
    public var recordedAt: Int64 {
        bytes.withUnsafeBytes { p in
            var r = BinaryReader(p)
            try! r.skipString()
            return try! r.zigzag()
        }
    }

    /// The kind of record created.
    public var kind: RecordKind {
        bytes.withUnsafeBytes { p in
            var r = BinaryReader(p)
            Self.skipHeader(&r)
            return RecordKind(rawValue: p[r.offset - 1])!
        }
    }

    /// The value of one field, or nil when the create did not set it.
    /// - Complexity: O(fields before it); no allocation unless the value is long text.
    public func value(_ tag: UInt8) -> FieldValue? {
        bytes.withUnsafeBytes { p -> FieldValue? in
            var r = BinaryReader(p)
            Self.skipHeader(&r)
            let n = try! r.varint()
            for _ in 0..<n {
                let t = try! r.u8()
                let type = try! r.u8()
                if t == tag { return try! Event.readValue(type, &r) }
                if t > tag { return nil }
                try! Event.skipValue(type, &r)
            }
            return nil
        }
    }

    /// Every field, decoded. O(size).
    public var fields: FieldMap {
        bytes.withUnsafeBytes { p in
            var r = BinaryReader(p)
            Self.skipHeader(&r)
            var f = FieldMap()
            let n = try! r.varint()
            f.reserve(Int(n))
            for _ in 0..<n {
                let t = try! r.u8()
                let type = try! r.u8()
                f.appendInOrder(t, try! Event.readValue(type, &r))
            }
            return f
        }
    }

    /// Steps over author, clock and kind: the reader is then at the field map.
    private static func skipHeader(_ r: inout BinaryReader) {
        try! r.skipString()
        _ = try! r.varint()
        _ = try! r.u8()
    }
}

extension Event {
    /// Checks the bytes of a create event exactly as ``decode(_:)`` does, without building
    /// its field values, and returns its dot, its kind and what it says as ``EncodedCreate``.
    ///
    /// Returns nil, having checked only the header, when the event is not a create: decode
    /// those with ``decode(_:)``.
    /// - Throws: ``ModelError`` (`.malformedEncoding`) when the bytes are not one canonical
    ///   create event or a field value is not valid for its kind.
    /// - Complexity: O(size); one allocation (the copied bytes).
    public static func scanCreate(_ bytes: UnsafeRawBufferPointer) throws(ModelError) -> (dot: Dot, kind: RecordKind, create: EncodedCreate)? {
        var r = BinaryReader(bytes)
        let version = try r.u8()
        guard version == formatVersion else {
            throw ModelError(.malformedEncoding, "unknown event format version \(version)")
        }
        let dot = try decodeDot(&r)
        for _ in 0..<4 { _ = try r.u64() }  // the previous hash, read as decoding does
        guard try r.u8() == 1 else { return nil }
        _ = try decodeContext(&r)
        let start = r.offset
        try r.skipString(maxLength: 1024)
        _ = try r.zigzag()
        guard let kind = RecordKind(rawValue: try r.u8()) else { throw ModelError(.malformedEncoding, "unknown record kind") }
        var unused = FieldMap()
        try scanFields(&r, kind: kind, keep: false, into: &unused)
        guard r.remaining == 0 else { throw ModelError(.malformedEncoding, "\(r.remaining) trailing bytes after the event") }
        return (dot, kind, EncodedCreate(checkedBytes: Array(UnsafeRawBufferPointer(rebasing: bytes[start...]))))
    }
}
