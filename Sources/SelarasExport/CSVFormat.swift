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
}
