/// One of the 34 kelurahan (urban villages) of Balikpapan, identified by a stable code 1…34.
public struct Kelurahan: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The stable code: the 1-based position in the city's list. Part of every stream id.
    public let code: UInt16

    /// Creates a kelurahan from its code; nil when the code is not 1…34.
    public init?(code: UInt16) {
        guard code >= 1, Int(code) <= balikpapanKelurahan.count else { return nil }
        self.code = code
    }

    /// Looks a kelurahan up by name, ignoring case and repeated spaces; nil when unknown.
    public init?(name: String) {
        let wanted = Kelurahan.normalise(name)
        guard let i = balikpapanKelurahan.firstIndex(where: { Kelurahan.normalise($0.kelurahan) == wanted })
        else { return nil }
        self.code = UInt16(i + 1)
    }

    /// The kelurahan's name as the city writes it.
    public var name: String { balikpapanKelurahan[Int(code) - 1].kelurahan }
    /// The kecamatan (district) it belongs to.
    public var kecamatan: String { balikpapanKelurahan[Int(code) - 1].kecamatan }
    /// The name.
    public var description: String { name }

    /// All 34, in code order.
    public static var all: [Kelurahan] { (1...balikpapanKelurahan.count).map { Kelurahan(code: UInt16($0))! } }

    public static func < (a: Kelurahan, b: Kelurahan) -> Bool { a.code < b.code }

    static func normalise(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
