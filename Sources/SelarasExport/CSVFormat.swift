/// RFC 4180 CSV: fields separated by commas, quoted when they hold a comma, quote, CR or LF
/// (quotes doubled), records ended by CRLF.
public enum CSVFormat {
    /// One record's bytes, appended to `out`.
    public static func appendRecord(_ fields: [String], to out: inout [UInt8]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(0x2c) }
            var needsQuotes = false
            for b in f.utf8 where b == 0x2c || b == 0x22 || b == 0x0a || b == 0x0d { needsQuotes = true; break }
            if needsQuotes {
                out.append(0x22)
                for b in f.utf8 {
                    if b == 0x22 { out.append(0x22) }
                    out.append(b)
                }
                out.append(0x22)
            } else {
                out.append(contentsOf: f.utf8)
            }
        }
        out.append(0x0d)
        out.append(0x0a)
    }

    /// Appends one record of cells (no intermediate strings for numbers and dates).
    public static func appendRecord(_ cells: [Cell], to out: inout [UInt8]) {
        for (i, c) in cells.enumerated() {
            if i > 0 { out.append(0x2c) }
            appendCell(c, to: &out)
        }
        out.append(0x0d)
        out.append(0x0a)
    }

    /// Appends one cell's CSV text.
    public static func appendCell(_ c: Cell, to out: inout [UInt8]) {
        switch c {
        case .null: break
        case .integer(let n): appendInteger(n, to: &out)
        case .boolean(let b): out.append(b ? 0x31 : 0x30)
        case .decimal(let x, let d): appendDecimal(x, decimals: d, to: &out)
        case .date(let d):
            let (y, m, day) = d.components
            appendPadded(y, 4, &out); out.append(0x2d); appendPadded(m, 2, &out); out.append(0x2d); appendPadded(day, 2, &out)
        case .text(let s):
            var needsQuotes = false
            for b in s.utf8 where b == 0x2c || b == 0x22 || b == 0x0a || b == 0x0d { needsQuotes = true; break }
            if needsQuotes {
                out.append(0x22)
                for b in s.utf8 { if b == 0x22 { out.append(0x22) }; out.append(b) }
                out.append(0x22)
            } else {
                out.append(contentsOf: s.utf8)
            }
        }
    }

    /// Appends a signed integer in decimal.
    public static func appendInteger(_ n: Int64, to out: inout [UInt8]) {
        if n < 0 { out.append(0x2d) }
        var v = n.magnitude
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &tmp) { buf in
            repeat {
                buf[count] = UInt8(48 + v % 10)
                v /= 10
                count += 1
            } while v > 0
            for j in stride(from: count - 1, through: 0, by: -1) { out.append(buf[j]) }
        }
    }

    /// Appends a number with exactly `decimals` places (rounded half away from zero).
    public static func appendDecimal(_ x: Double, decimals: Int, to out: inout [UInt8]) {
        var p: Int64 = 1
        for _ in 0..<decimals { p *= 10 }
        let n = Int64((x * Double(p)).rounded())
        if n < 0 { out.append(0x2d) }
        let a = Int64(n.magnitude)
        appendInteger(a / p, to: &out)
        guard decimals > 0 else { return }
        out.append(0x2e)
        appendPadded(Int(a % p), decimals, &out)
    }

    static func appendPadded(_ v: Int, _ width: Int, _ out: inout [UInt8]) {
        var digits = 1, t = v
        while t >= 10 { t /= 10; digits += 1 }
        for _ in digits..<max(width, digits) { out.append(0x30) }
        appendInteger(Int64(v), to: &out)
    }
}
