import SelarasModel

/// One value in a dataset row, typed so each exporter can write it natively (a date as a
/// date in Excel, text as text, a number as a number).
public enum Cell: Sendable, Hashable {
    /// Missing / not computable.
    case null
    /// Text (ids, names, NIK: always text, never a number).
    case text(String)
    /// A whole number.
    case integer(Int64)
    /// A decimal number written with exactly `decimals` places.
    case decimal(Double, decimals: Int)
    /// A calendar date.
    case date(LocalDate)
    /// 0/1.
    case boolean(Bool)

    /// The canonical text form used by CSV and JSON (empty for null; booleans as 0/1).
    public var text: String {
        switch self {
        case .null: ""
        case .text(let s): s
        case .integer(let n): String(n)
        case .decimal(let x, let d): Cell.format(x, decimals: d)
        case .date(let d): d.description
        case .boolean(let b): b ? "1" : "0"
        }
    }

    /// Formats a number with a fixed count of decimals, deterministic on every platform.
    public static func format(_ x: Double, decimals: Int) -> String {
        var p = 1.0
        for _ in 0..<decimals { p *= 10 }
        let scaled = (x * p).rounded()
        let n = Int64(scaled)
        guard decimals > 0 else { return String(n) }
        let sign = n < 0 ? "-" : ""
        let a = n.magnitude
        let pi = UInt64(p)
        let frac = String(a % pi)
        return "\(sign)\(a / pi).\(String(repeating: "0", count: decimals - frac.count))\(frac)"
    }
}
