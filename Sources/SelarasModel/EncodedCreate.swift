/// What a create event says — author, wall clock, kind and fields — kept as its canonical
/// bytes (the event's encoding from the author on) and decoded one field at a time on demand.
///
/// A reference to bytes held in a ``CreateChunk`` (12 bytes, no allocation of its own when
/// folded through a ``CreateArena``) instead of a decoded ``FieldMap`` (48 bytes per field plus
/// the array), for holding a million records in memory. The reference is strong, so a copy
/// reads correctly for as long as it lives. The bytes are always canonical: they come from
/// ``Event/scanCreate(_:)`` or ``Event/scanCreateBody(_:)`` (checked like
/// ``Event/decode(_:)``) or from encoding values, so two values are equal exactly when author,
/// clock, kind and fields are (equality and hashing compare the bytes, not where they are kept).
public struct EncodedCreate: Sendable, Hashable {
    /// The chunk holding the bytes (shared with other creates when folded through an arena).
    package let chunk: CreateChunk
    /// Where the bytes' length prefix starts in `chunk`.
    package let start: UInt32

    package init(chunk: CreateChunk, start: UInt32) {
        self.chunk = chunk
        self.start = start
    }

    /// Author string, recorded-at zig-zag varint, kind byte, then the field map, as in the
    /// event encoding (see `Event+Codec.swift`). A copy: for tests and tools, not hot paths.
    public var bytes: [UInt8] { withBytes { Array($0) } }

    /// Calls `body` with the canonical bytes (valid only during the call).
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        chunk.withCreate(at: start, body)
    }

    /// Encodes a create's author, clock, kind and fields (kept in storage of its own).
    /// - Complexity: O(size of the fields).
    public init(author: String, recordedAt: Int64, kind: RecordKind, fields: FieldMap) {
        var w = BinaryWriter(capacity: 16 + author.utf8.count + fields.count * 8)
        w.string(author)
        w.zigzag(recordedAt)
        w.u8(kind.rawValue)
        Event.encodeFields(fields, into: &w)
        self = w.bytes.withUnsafeBytes { CreateChunk.single($0) }
    }

    public static func == (a: EncodedCreate, b: EncodedCreate) -> Bool {
        if a.chunk === b.chunk && a.start == b.start { return true }
        return a.withBytes { x in b.withBytes { y in x.elementsEqual(y) } }
    }

    public func hash(into h: inout Hasher) {
        withBytes { h.combine(bytes: $0) }
    }

    /// Who recorded the create.
    public var author: String {
        withBytes { p in
            var r = BinaryReader(p)
            return try! r.string()
        }
    }

    /// The create's wall clock (milliseconds since 1970 UTC).
    public var recordedAt: Int64 {
        withBytes { p in
            var r = BinaryReader(p)
            try! r.skipString()
            return try! r.zigzag()
        }
    }

    /// The kind of record created.
    public var kind: RecordKind {
        withBytes { p in
            var r = BinaryReader(p)
            Self.skipHeader(&r)
            return RecordKind(rawValue: p[r.offset - 1])!
        }
    }

    /// The value of one field, or nil when the create did not set it. (The bytes were checked
    /// when they were scanned, or encoded here from values: no length limit is applied again.)
    /// - Complexity: O(fields before it); no allocation unless the value is long text.
    public func value(_ tag: UInt8) -> FieldValue? {
        withBytes { p -> FieldValue? in
            var r = BinaryReader(p)
            Self.skipHeader(&r)
            let n = try! r.varint()
            for _ in 0..<n {
                let t = try! r.u8()
                let type = try! r.u8()
                if t == tag { return try! Event.readValue(type, &r, maxTextBytes: .max) }
                if t > tag { return nil }
                try! Event.skipValue(type, &r)
            }
            return nil
        }
    }

    /// Every field, decoded. O(size).
    public var fields: FieldMap {
        withBytes { p in
            var r = BinaryReader(p)
            Self.skipHeader(&r)
            var f = FieldMap()
            let n = try! r.varint()
            f.reserve(Int(n))
            for _ in 0..<n {
                let t = try! r.u8()
                let type = try! r.u8()
                f.appendInOrder(t, try! Event.readValue(type, &r, maxTextBytes: .max))
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
    /// its field values, and returns its dot, its kind and what it says as ``EncodedCreate``
    /// (in storage of its own; a fold uses ``scanCreateBody(_:)`` and an arena instead).
    ///
    /// Returns nil, having checked only the header, when the event is not a create: decode
    /// those with ``decode(_:)``.
    /// - Throws: ``ModelError`` (`.malformedEncoding`) when the bytes are not one canonical
    ///   create event or a field value is not valid for its kind.
    /// - Complexity: O(size); two allocations (a chunk of its own and its bytes).
    public static func scanCreate(_ bytes: UnsafeRawBufferPointer) throws(ModelError) -> (dot: Dot, kind: RecordKind, create: EncodedCreate)? {
        guard let s = try scanCreateBody(bytes) else { return nil }
        return (s.dot, s.kind, CreateChunk.single(UnsafeRawBufferPointer(rebasing: bytes[s.body])))
    }

    /// Checks a create event as ``scanCreate(_:)`` does, and returns where in `bytes` what it
    /// says (its ``EncodedCreate`` bytes) lies, without copying anything.
    /// - Throws: as ``scanCreate(_:)``.
    /// - Complexity: O(size); no allocation.
    public static func scanCreateBody(_ bytes: UnsafeRawBufferPointer) throws(ModelError) -> (dot: Dot, kind: RecordKind, body: Range<Int>)? {
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
        try r.skipString(maxLength: TextLimit.author.bytes)
        _ = try r.zigzag()
        guard let kind = RecordKind(rawValue: try r.u8()) else { throw ModelError(.malformedEncoding, "unknown record kind") }
        var unused = FieldMap()
        try scanFields(&r, kind: kind, keep: false, into: &unused)
        guard r.remaining == 0 else { throw ModelError(.malformedEncoding, "\(r.remaining) trailing bytes after the event") }
        return (dot, kind, start..<bytes.count)
    }
}
