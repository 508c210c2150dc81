/// The type, unit and allowed range of a field. Drives parsing, validation, help and export.
public enum FieldType: Sendable {
    /// Text up to `maxLength` characters and 4 UTF-8 bytes a character (see
    /// ``FieldSpec/textLimit``); `digits` (when set) requires exactly that many digits
    /// (NIK and family card: 16), `phone` accepts `+` and 8–15 digits.
    case text(maxLength: Int, digits: Int? = nil, phone: Bool = false)
    /// A decimal quantity with `scale` decimals in `unit`; `range` is the physically possible
    /// range in scaled units (values outside are refused).
    case decimal(scale: Int, unit: String, range: ClosedRange<Int64>)
    /// A whole number in `unit` within `range`.
    case integer(unit: String, range: ClosedRange<Int64>)
    /// A date; never in the future when `notFuture`.
    case date(notFuture: Bool)
    /// Yes/no (`yes`, `no`, `y`, `n`, `1`, `0`, `ya`, `tidak`, `true`, `false`).
    case bool
    /// One of the listed values; `aliases` maps other accepted spellings to them.
    case choice([String], aliases: [String: String] = [:])
    /// The id of a record of the given kind.
    case reference(RecordKind)

    /// Decimal places (0 for everything but decimals).
    public var scale: Int { if case .decimal(let s, _, _) = self { s } else { 0 } }

    /// The unit, or nil.
    public var unit: String? {
        switch self {
        case .decimal(_, let u, _), .integer(let u, _): u
        default: nil
        }
    }

    /// A short description of what is allowed, for help text and error messages.
    public var allowedDescription: String {
        switch self {
        case .text(let max, let digits, let phone):
            if let d = digits { return "exactly \(d) digits" }
            if phone { return "a phone number of 8–15 digits, optionally starting with +" }
            return "text of \(TextLimit(characters: max))"
        case .decimal(let scale, let unit, let range):
            return "\(FieldType.formatFixed(range.lowerBound, scale: scale))–\(FieldType.formatFixed(range.upperBound, scale: scale)) \(unit), at most \(scale) decimal\(scale == 1 ? "" : "s")"
        case .integer(let unit, let range):
            return "a whole number \(range.lowerBound)–\(range.upperBound)\(unit.isEmpty ? "" : " " + unit)"
        case .date(let notFuture):
            return notFuture ? "a date dd/mm/yyyy or YYYY-MM-DD, not in the future" : "a date dd/mm/yyyy or YYYY-MM-DD"
        case .bool:
            return "yes or no"
        case .choice(let values, _):
            return "one of " + values.joined(separator: ", ")
        case .reference(let kind):
            return "the id of a \(kind.name) (\(kind.idPrefix)-…)"
        }
    }

    static func formatFixed(_ n: Int64, scale: Int) -> String {
        guard scale > 0 else { return String(n) }
        var p: Int64 = 1
        for _ in 0..<scale { p *= 10 }
        let sign = n < 0 ? "-" : ""
        let a = n.magnitude
        let frac = String(a % UInt64(p))
        return "\(sign)\(a / UInt64(p)).\(String(repeating: "0", count: scale - frac.count))\(frac)"
    }

    /// Parses a decimal written with `.` or `,` into fixed-point units of `scale` decimals;
    /// nil when it is not a number or has more significant decimals than `scale`.
    static func parseFixed(_ text: String, scale: Int) -> Int64? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() } else if s.first == "+" { s = s.dropFirst() }
        let parts = s.split(separator: s.contains(",") ? "," : ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit),
              whole.count <= 12 else { return nil }
        var frac = parts.count == 2 ? String(parts[1]) : ""
        guard frac.allSatisfy(\.isASCIIDigit), parts.count == 1 || !frac.isEmpty else { return nil }
        while frac.count > scale, frac.last == "0" { frac.removeLast() }
        guard frac.count <= scale else { return nil }
        frac += String(repeating: "0", count: scale - frac.count)
        guard let w = Int64(whole), let f = frac.isEmpty ? 0 : Int64(frac) else { return nil }
        var p: Int64 = 1
        for _ in 0..<scale { p *= 10 }
        let v = w * p + f
        return negative ? -v : v
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}
