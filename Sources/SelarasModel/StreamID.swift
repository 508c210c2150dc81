/// One append-only event stream: the events one replica wrote about one kelurahan.
///
/// A replica keeps one log per stream. Keying streams by (origin, kelurahan) means that
/// replicating only one kelurahan's data to a cadre's laptop sends whole streams, so a
/// filtered sync never leaves gaps in a version vector.
public struct StreamID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The replica that wrote the events (and signs the chain head).
    public let origin: ReplicaID
    /// The kelurahan code (1…34) the stream's records belong to.
    public let kelurahanCode: UInt16

    /// Creates a stream id.
    public init(origin: ReplicaID, kelurahanCode: UInt16) {
        self.origin = origin
        self.kelurahanCode = kelurahanCode
    }

    /// `ORIGIN/KK`, e.g. `9f86d081884c7d65/26`.
    public var description: String { "\(origin)/\(kelurahanCode)" }

    /// Parses `ORIGIN/KK`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, parts[1].allSatisfy(\.isASCIIDigit), let o = ReplicaID(hex: String(parts[0])), let k = UInt16(parts[1]) else { return nil }
        self.init(origin: o, kelurahanCode: k)
    }

    /// A file-name-safe form, `ORIGIN-KK`.
    public var fileStem: String { "\(origin)-\(kelurahanCode < 10 ? "0" : "")\(kelurahanCode)" }

    public static func < (a: StreamID, b: StreamID) -> Bool {
        (a.origin, a.kelurahanCode) < (b.origin, b.kelurahanCode)
    }
}
