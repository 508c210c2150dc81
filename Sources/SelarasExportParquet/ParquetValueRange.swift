import SelarasExport

/// The smallest and largest PLAIN-encoded value seen and the nulls counted, in the column
/// type's order (signed for numbers and dates, unsigned bytes for strings, false < true).
struct ParquetValueRange: Sendable {
    var min: [UInt8]?
    var max: [UInt8]?
    var nulls: Int64 = 0

    /// Takes one value into account.
    mutating func update(_ value: some Collection<UInt8>, kind: ParquetColumnKind) {
        guard min != nil, max != nil else {
            min = Array(value)
            max = Array(value)
            return
        }
        // Replaced in place (ids arrive in ascending order: a new maximum on every row).
        if Self.less(value, min!, kind) {
            min!.removeAll(keepingCapacity: true)
            min!.append(contentsOf: value)
        } else if Self.less(max!, value, kind) {
            max!.removeAll(keepingCapacity: true)
            max!.append(contentsOf: value)
        }
    }

    /// Takes another range into account.
    mutating func merge(_ other: ParquetValueRange, kind: ParquetColumnKind) {
        nulls += other.nulls
        if let lo = other.min { update(lo, kind: kind) }
        if let hi = other.max { update(hi, kind: kind) }
    }

    /// The `Statistics` (min and max only when a value was seen).
    var statistics: ParquetStatistics {
        ParquetStatistics(nullCount: nulls, maxValue: max, minValue: min,
                          isMaxExact: max == nil ? nil : true, isMinExact: min == nil ? nil : true)
    }

    /// Whether `a < b` in the type's order.
    static func less(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>, _ kind: ParquetColumnKind) -> Bool {
        switch kind {
        case .string: return a.lexicographicallyPrecedes(b)
        case .boolean: return a.first! < b.first!
        case .date: return int(a) < int(b)
        case .integer: return int(a) < int(b)
        case .double: return Double(bitPattern: UInt64(bitPattern: int(a))) < Double(bitPattern: UInt64(bitPattern: int(b)))
        }
    }

    /// A little-endian two's-complement integer of 4 or 8 bytes.
    private static func int(_ bytes: some Collection<UInt8>) -> Int64 {
        var u: UInt64 = 0
        for (i, b) in bytes.enumerated() { u |= UInt64(b) << (8 * UInt64(i)) }
        if bytes.count == 4 { return Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: u))) }
        return Int64(bitPattern: u)
    }
}
