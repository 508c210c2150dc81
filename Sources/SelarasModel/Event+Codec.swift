/// The canonical binary encoding of events (format version 1).
///
/// Layout: version `u8`; origin `u64`; kelurahan `u16`; seq varint; previous hash 32 bytes;
/// operation tag `u8` (1 create, 2 correct, 3 void, 4 link); for non-creates the entity
/// (kind `u8`, origin `u64`, kelurahan `u16`, seq varint); context count varint then dots
/// (strictly ascending); author string; recorded-at zig-zag varint; then the operation body
/// (create: kind `u8` + field map; correct: field map + reason; void: reason;
/// link: other entity, same `u8`, reason).
/// A field map is a count and (tag `u8`, type `u8`, value) in strictly ascending tag order.
/// Decoding refuses every non-canonical form, so `encode(decode(b)) == b` for all accepted `b`.
extension Event {
    /// The current encoding version.
    public static let formatVersion: UInt8 = 1

    /// Appends the canonical bytes of this event. O(size).
    public func encode(into w: inout BinaryWriter) {
        w.u8(Event.formatVersion)
        w.u64(dot.stream.origin.rawValue)
        w.u16(dot.stream.kelurahanCode)
        w.varint(dot.seq)
        w.u64(previousHash.words.0); w.u64(previousHash.words.1)
        w.u64(previousHash.words.2); w.u64(previousHash.words.3)
        switch operation {
        case .create: w.u8(1)
        case .correct: w.u8(2)
        case .void: w.u8(3)
        case .link: w.u8(4)
        }
        if case .create = operation {} else {
            w.u8(entity.kind.rawValue)
            Event.encodeDot(entity.origin, into: &w)
        }
        w.varint(UInt64(context.count))
        for d in context { Event.encodeDot(d, into: &w) }
        w.string(author)
        w.zigzag(recordedAt)
        switch operation {
        case .create(let kind, let fields):
            w.u8(kind.rawValue)
            Event.encodeFields(fields, into: &w)
        case .correct(let fields, let reason):
            Event.encodeFields(fields, into: &w)
            w.string(reason)
        case .void(let reason):
            w.string(reason)
        case .link(let other, let same, let reason):
            w.u8(other.kind.rawValue)
            Event.encodeDot(other.origin, into: &w)
            w.u8(same ? 1 : 0)
            w.string(reason)
        }
    }

    /// The canonical bytes.
    public var encoded: [UInt8] {
        var w = BinaryWriter(capacity: 192)
        encode(into: &w)
        return w.bytes
    }

    /// The SHA-256 of the canonical bytes (what the next event of the stream names).
    public var hash: EventHash { EventHash.of(encoded) }

    /// Decodes one event from exactly the given bytes.
    /// - Throws: ``ModelError`` (`.malformedEncoding`) when the bytes are not one canonical event
    ///   or a field value is not valid for its kind.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(ModelError) -> Event {
        var r = BinaryReader(bytes)
        let version = try r.u8()
        guard version == formatVersion else {
            throw ModelError(.malformedEncoding, "unknown event format version \(version)")
        }
        let dot = try decodeDot(&r)
        let prev = EventHash(words: (try r.u64(), try r.u64(), try r.u64(), try r.u64()))
        let opTag = try r.u8()
        guard (1...4).contains(opTag) else { throw ModelError(.malformedEncoding, "unknown operation \(opTag)") }
        var entity: EntityID? = nil
        if opTag != 1 {
            guard let kind = RecordKind(rawValue: try r.u8()) else { throw ModelError(.malformedEncoding, "unknown record kind") }
            entity = EntityID(kind: kind, origin: try decodeDot(&r))
        }
        let context = try decodeContext(&r)
        let author = try r.string(maxLength: TextLimit.author.bytes)
        let recordedAt = try r.zigzag()
        let op: Operation
        switch opTag {
        case 1:
            guard let kind = RecordKind(rawValue: try r.u8()) else { throw ModelError(.malformedEncoding, "unknown record kind") }
            op = .create(kind, try decodeFields(&r, kind: kind))
            entity = EntityID(kind: kind, origin: dot)
        case 2:
            let fields = try decodeFields(&r, kind: entity!.kind)
            op = .correct(fields, reason: try r.string(maxLength: TextLimit.reason.bytes))
        case 3:
            op = .void(reason: try r.string(maxLength: TextLimit.reason.bytes))
        default:
            guard let kind = RecordKind(rawValue: try r.u8()) else { throw ModelError(.malformedEncoding, "unknown record kind") }
            let other = EntityID(kind: kind, origin: try decodeDot(&r))
            let same = try r.u8()
            guard same <= 1 else { throw ModelError(.malformedEncoding, "boolean byte \(same)") }
            guard entity!.kind == .child, kind == .child, entity! < other else {
                throw ModelError(.malformedEncoding, "a link decision must be on the smaller of two child ids")
            }
            op = .link(other, same: same == 1, reason: try r.string(maxLength: TextLimit.reason.bytes))
        }
        guard r.remaining == 0 else { throw ModelError(.malformedEncoding, "\(r.remaining) trailing bytes after the event") }
        return Event(unchecked: dot, previousHash: prev, entity: entity!, context: context, operation: op,
                     author: author, recordedAt: recordedAt)
    }

    /// Decodes an event from a byte array.
    public static func decode(_ bytes: [UInt8]) throws(ModelError) -> Event {
        let result: Result<Event, ModelError> = bytes.withUnsafeBytes { p in Result { () throws(ModelError) in try decode(p) } }
        return try result.get()
    }

    /// Appends a dot's canonical bytes (origin, kelurahan, seq).
    public static func encodeDotPublic(_ d: Dot, into w: inout BinaryWriter) { encodeDot(d, into: &w) }

    static func encodeDot(_ d: Dot, into w: inout BinaryWriter) {
        w.u64(d.stream.origin.rawValue)
        w.u16(d.stream.kelurahanCode)
        w.varint(d.seq)
    }

    static func decodeDot(_ r: inout BinaryReader) throws(ModelError) -> Dot {
        let origin = ReplicaID(rawValue: try r.u64())
        let kel = try r.u16()
        let seq = try r.varint()
        guard seq >= 1 else { throw ModelError(.malformedEncoding, "sequence number 0") }
        return Dot(stream: StreamID(origin: origin, kelurahanCode: kel), seq: seq)
    }

    static func encodeFields(_ fields: FieldMap, into w: inout BinaryWriter) {
        w.varint(UInt64(fields.count))
        for (tag, value) in fields {
            w.u8(tag)
            switch value {
            case .text(let s): w.u8(1); w.string(s)
            case .number(let n): w.u8(2); w.zigzag(n)
            case .date(let d): w.u8(3); w.zigzag(Int64(d.daysSinceEpoch))
            case .bool(let b): w.u8(4); w.u8(b ? 1 : 0)
            case .reference(let id): w.u8(5); w.u8(id.kind.rawValue); encodeDot(id.origin, into: &w)
            }
        }
    }

    /// Reads a causal context: a count, then strictly ascending dots.
    static func decodeContext(_ r: inout BinaryReader) throws(ModelError) -> [Dot] {
        let n = try r.varint()
        guard n <= UInt64(r.remaining) else { throw ModelError(.malformedEncoding, "context longer than the event") }
        var context: [Dot] = []
        context.reserveCapacity(Int(n))
        for _ in 0..<n {
            let d = try decodeDot(&r)
            if let last = context.last, !(last < d) { throw ModelError(.malformedEncoding, "context dots not in ascending order") }
            context.append(d)
        }
        return context
    }

    static func decodeFields(_ r: inout BinaryReader, kind: RecordKind) throws(ModelError) -> FieldMap {
        var fields = FieldMap()
        try scanFields(&r, kind: kind, keep: true, into: &fields)
        return fields
    }

    /// Reads a field map with every check of decoding; appends the values to `fields` when
    /// `keep`, otherwise only checks them (text that no rule needs to see is not copied).
    static func scanFields(_ r: inout BinaryReader, kind: RecordKind, keep: Bool, into fields: inout FieldMap) throws(ModelError) {
        let n = try r.varint()
        guard n <= 255 else { throw ModelError(.malformedEncoding, "too many fields") }
        if keep { fields.reserve(Int(n)) }
        var lastTag = -1
        let schema = kind.schema
        let rules = schema.rules
        for _ in 0..<n {
            let tag = try r.u8()
            guard Int(tag) > lastTag else { throw ModelError(.malformedEncoding, "field tags not in ascending order") }
            lastTag = Int(tag)
            let rule = rules[Int(tag)]
            guard rule.valueKind != 0 else {
                throw ModelError(.malformedEncoding, "field tag \(tag) is not a field of a \(kind.name)")
            }
            let valueType = try r.u8()
            // The value's case must be the field's, and numbers within the possible range;
            // choices and references are checked by the field itself (rare, off the hot path).
            guard valueType == rule.valueKind else {
                throw ModelError(.malformedEncoding, "invalid field value: \(schema.field(tag: tag)!.name): has the wrong type")
            }
            if valueType == 1 {
                // No longer than the field's limit in bytes (what entry allowed: see
                // `FieldSpec.textLimit`); checked before the bytes are read.
                try checkTextLength(r.peekVarint(), rule: rule, schema: schema, tag: tag)
            }
            if valueType == 1, !keep {
                // Checked as bytes: any text, or exactly one of the choices; anything else
                // goes through the field's own check (which also gives the message).
                let text = try r.stringBytes(maxLength: rule.maxTextBytes)
                if rule.choices.isEmpty || rule.choices.contains(where: { $0.elementsEqual(text) }) { continue }
                if let problem = schema.field(tag: tag)!.check(.text(String(decoding: text, as: UTF8.self))) {
                    throw ModelError(.malformedEncoding, "invalid field value: \(problem)")
                }
                continue
            }
            let value = try readValue(valueType, &r, maxTextBytes: rule.maxTextBytes)
            if case .number(let v) = value, v < rule.minimum || v > rule.maximum {
                throw ModelError(.malformedEncoding, "invalid field value: \(schema.field(tag: tag)!.check(value) ?? "out of range")")
            }
            if rule.needsFullCheck {
                if case .reference(let id) = value, id.kind.rawValue == rule.referenceKind {
                    // the common case, without copying the field's description
                } else if let problem = schema.field(tag: tag)!.check(value) {
                    throw ModelError(.malformedEncoding, "invalid field value: \(problem)")
                }
            }
            if keep { fields.appendInOrder(tag, value) }
        }
    }

    /// Refuses a text length (from its prefix) over the field's limit in bytes, naming the field.
    private static func checkTextLength(_ length: UInt64, rule: FieldRule, schema: RecordSchema, tag: UInt8) throws(ModelError) {
        guard length <= UInt64(rule.maxTextBytes) else {
            let name = schema.field(tag: tag)?.name ?? "field \(tag)"
            throw ModelError(.malformedEncoding, "invalid field value: \(name): text of \(length) bytes; allowed: \(schema.field(tag: tag)?.textLimit?.description ?? "none")")
        }
    }

    /// Reads one value of a value type (1 text, 2 number, 3 date, 4 bool, 5 reference),
    /// refusing bytes that cannot be that value.
    /// - Parameter maxTextBytes: the most bytes a text may have (the field's limit when the
    ///   field is known; by default the largest legal text of any field).
    static func readValue(_ valueType: UInt8, _ r: inout BinaryReader,
                          maxTextBytes: Int = RecordSchema.maxTextBytes) throws(ModelError) -> FieldValue {
        switch valueType {
        case 1: return .text(try r.string(maxLength: maxTextBytes))
        case 2: return .number(try r.zigzag())
        case 3:
            let d = try r.zigzag()
            guard let d32 = Int32(exactly: d) else { throw ModelError(.malformedEncoding, "date out of range") }
            return .date(LocalDate(daysSinceEpoch: d32))
        case 4:
            let b = try r.u8()
            guard b <= 1 else { throw ModelError(.malformedEncoding, "boolean byte \(b)") }
            return .bool(b == 1)
        case 5:
            guard let k = RecordKind(rawValue: try r.u8()) else { throw ModelError(.malformedEncoding, "unknown record kind") }
            return .reference(EntityID(kind: k, origin: try decodeDot(&r)))
        default: throw ModelError(.malformedEncoding, "unknown value type \(valueType)")
        }
    }

    /// Steps over one value of a value type in bytes already checked.
    static func skipValue(_ valueType: UInt8, _ r: inout BinaryReader) throws(ModelError) {
        switch valueType {
        case 1: _ = try r.bytes(Int(try r.varint()))
        case 2, 3: _ = try r.varint()
        case 4: _ = try r.u8()
        default: _ = try r.u8(); _ = try r.u64(); _ = try r.u16(); _ = try r.varint()
        }
    }
}
