/// The identity of a record (a child, a growth check, a house survey): the kind plus the dot of
/// the event that created it. Unique without coordination, and stable on every replica.
///
/// Rendered as `PREFIX-ORIGIN-KK-SEQ`, e.g. `ch-9f86d081884c7d65-26-17`.
public struct EntityID: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Stored as `origin` then `kind` so the value takes 19 bytes, not 32 (the kind byte
    // sits after the dot instead of being padded to 8 before it). `<` is written out below
    // (kind first), and the codec writes the fields explicitly.
    /// The dot of the creating event.
    public let origin: Dot
    /// What kind of record.
    public let kind: RecordKind

    /// Creates an id.
    public init(kind: RecordKind, origin: Dot) {
        self.kind = kind
        self.origin = origin
    }

    /// The printed form.
    public var description: String {
        "\(kind.idPrefix)-\(origin.stream.origin)-\(origin.stream.kelurahanCode)-\(origin.seq)"
    }

    /// Parses the printed form; nil when it is not an id.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[2].allSatisfy(\.isASCIIDigit), parts[3].allSatisfy(\.isASCIIDigit), let kind = RecordKind.allCases.first(where: { $0.idPrefix == parts[0] }),
              let replica = ReplicaID(hex: String(parts[1])), let kel = UInt16(parts[2]),
              let seq = UInt64(parts[3]), seq > 0 else { return nil }
        self.init(kind: kind, origin: Dot(stream: StreamID(origin: replica, kelurahanCode: kel), seq: seq))
    }

    public static func < (a: EntityID, b: EntityID) -> Bool { (a.kind, a.origin) < (b.kind, b.origin) }
}
