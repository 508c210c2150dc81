/// JSON string literals (RFC 8259 escaping), shared by the exporters that write JSON by hand
/// (so that their bytes are fixed).
public enum JSONString {
    /// A JSON string literal: quotes, backslashes and control characters escaped, other
    /// characters as UTF-8.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
