import Crypto

/// One-time enrolment codes: 12 characters of Crockford base32 (60 random bits), shown as
/// `XXXX-XXXX-XXXX`; the hub keeps only their SHA-256.
public enum EnrolmentCode {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A new random code, `XXXX-XXXX-XXXX`.
    public static func generate() -> String {
        var g = SystemRandomNumberGenerator()
        let chars = (0..<12).map { _ in alphabet[Int(g.next(upperBound: UInt32(alphabet.count)))] }
        return String(chars[0..<4]) + "-" + String(chars[4..<8]) + "-" + String(chars[8..<12])
    }

    /// The code without dashes or spaces, in upper case (`i`/`l` read as 1, `o` as 0).
    public static func normalise(_ code: String) -> String {
        String(code.uppercased().compactMap { c -> Character? in
            switch c {
            case "-", " ": nil
            case "I", "L": "1"
            case "O": "0"
            default: c
            }
        })
    }

    /// SHA-256 of the normalised code (what the hub stores).
    public static func hash(_ code: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(normalise(code).utf8)))
    }
}
