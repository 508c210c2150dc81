import Foundation

/// The fields of an `application/x-www-form-urlencoded` body or a query string, in order.
///
/// Hand-written (a dozen lines) because Hummingbird's form decoder decodes into `Decodable`
/// types, while the app passes field name and text pairs straight to `RecordEntry`.
public struct FormBody: Sendable {
    /// The name and value pairs, decoded, in the order sent.
    public private(set) var pairs: [(name: String, value: String)] = []

    /// An empty form.
    public init() {}

    /// Parses `a=1&b=x+y%2C`; a pair that is not valid percent-encoding is skipped.
    public init(encoded: String) {
        for part in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String? { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(kv[0]), let value = kv.count > 1 ? decode(kv[1]) : "" else { continue }
            pairs.append((name, value))
        }
    }

    /// The first value named `name`, or nil.
    public subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// The first value named `name`, trimmed; nil when absent or blank.
    public func trimmed(_ name: String) -> String? {
        guard let v = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }
}
