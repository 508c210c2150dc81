/// HTML escaping for text and attribute values (hand-written: five replacements, and no
/// library on this machine does HTML; XML escaping in the xlsx exporter is a different job).
enum HTMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'`, and replaces control characters HTML forbids with U+FFFD,
    /// so the text is safe both between tags and inside a quoted attribute.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || (0x7f...0x9f).contains(u.value) { out += "\u{FFFD}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
