/// Text for XML 1.0 content and attribute values.
enum XMLText {
    /// Excel's limit on the characters in one cell (UTF-16 code units).
    static let maxCellCharacters = 32_767

    /// Appends `s` escaped: `&`, `<`, `>` and `"` as entities, CR as `&#13;` (so it survives
    /// line-end normalisation), and characters XML 1.0 does not allow (other C0 controls,
    /// U+FFFE, U+FFFF) dropped.
    static func append(_ s: String, to out: inout [UInt8]) {
        // Printable ASCII with nothing to escape (ids, names, categories: nearly every cell)
        // goes in as its bytes; anything else takes the scalar-by-scalar path below.
        var copy = s
        let plain = copy.withUTF8 { u -> Bool in
            for b in u where b < 0x20 || b >= 0x7f || b == 0x26 || b == 0x3c || b == 0x3e || b == 0x22 { return false }
            out.append(contentsOf: u)
            return true
        }
        if plain { return }
        for u in s.unicodeScalars {
            switch u.value {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3c: out.append(contentsOf: "&lt;".utf8)
            case 0x3e: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x0d: out.append(contentsOf: "&#13;".utf8)
            case 0x09, 0x0a: out.append(UInt8(u.value))
            case 0..<0x20, 0xfffe, 0xffff: continue
            case 0x20..<0x80: out.append(UInt8(u.value))
            default: out.append(contentsOf: UTF8.encode(u)!)
            }
        }
    }

    /// `s` escaped, as a String.
    static func escaped(_ s: String) -> String {
        var out: [UInt8] = []
        append(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `s` cut to Excel's cell limit (whole characters), or `s` itself when it fits.
    static func fitted(_ s: String) -> String {
        guard s.utf8.count > maxCellCharacters, s.utf16.count > maxCellCharacters else { return s }
        var n = 0
        var end = s.startIndex
        for (i, ch) in zip(s.indices, s) {
            n += ch.utf16.count
            if n > maxCellCharacters { end = i; break }
        }
        return String(s[..<end])
    }

    /// Whether the text needs `xml:space="preserve"` (leading or trailing white space).
    static func needsPreserve(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        return first == " " || first == "\t" || first == "\n" || first == "\r"
            || last == " " || last == "\t" || last == "\n" || last == "\r"
    }
}
