import SelarasExport

/// JSON written by hand so the bytes are fixed: keys in the order given, two-space indents.
enum JSONText {
    /// A JSON string literal (quotes, backslashes and control characters escaped; other
    /// characters as UTF-8).
    static func string(_ s: String) -> String { JSONString.quoted(s) }

    /// A JSON value: a literal (already JSON), an object with ordered keys, or an array.
    indirect enum Value {
        case raw(String)
        case object([(String, Value)])
        case array([Value])

        static func string(_ s: String) -> Value { .raw(JSONText.string(s)) }
        static func int<I: BinaryInteger>(_ n: I) -> Value { .raw(String(n)) }
        static let `true` = Value.raw("true")

        /// Pretty-printed with two-space indents.
        func render(indent: String = "") -> String {
            let inner = indent + "  "
            switch self {
            case .raw(let s): return s
            case .object(let pairs):
                if pairs.isEmpty { return "{}" }
                return "{\n" + pairs.map { inner + JSONText.string($0.0) + ": " + $0.1.render(indent: inner) }
                    .joined(separator: ",\n") + "\n" + indent + "}"
            case .array(let items):
                if items.isEmpty { return "[]" }
                // Arrays of plain literals stay on one line (enums, trueValues).
                if items.allSatisfy({ if case .raw = $0 { true } else { false } }) {
                    return "[" + items.map { $0.render() }.joined(separator: ", ") + "]"
                }
                return "[\n" + items.map { inner + $0.render(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
            }
        }
    }
}
