import SelarasExport

/// The smallest and largest value seen and the nulls counted, in the column type's order
/// (signed for numbers and dates, unsigned bytes for strings, false < true), kept as typed
/// values (an integer compare per value, no decoding of bytes) and written out PLAIN-encoded
/// for the statistics.
struct ParquetValueRange: Sendable {
    /// Whether any value was seen.
    private(set) var seen = false
    /// Integers, dates and booleans (0/1).
    private var lowInteger: Int64 = 0, highInteger: Int64 = 0
    /// Doubles.
    private var lowDouble = 0.0, highDouble = 0.0
    /// Strings' UTF-8 bytes.
    private var lowText: [UInt8] = [], highText: [UInt8] = []
    /// Missing values.
    var nulls: Int64 = 0

    /// Takes an integer, a date's day number or a boolean (0/1) into account.
    mutating func update(integer v: Int64) {
        if !seen {
            seen = true
            lowInteger = v
            highInteger = v
        } else if v < lowInteger {
            lowInteger = v
        } else if v > highInteger {
            highInteger = v
        }
    }

    /// Takes a double into account (never NaN here: every double is a rounded measurement or z-score).
    mutating func update(double v: Double) {
        if !seen {
            seen = true
            lowDouble = v
            highDouble = v
        } else if v < lowDouble {
            lowDouble = v
        } else if v > highDouble {
            highDouble = v
        }
    }

    /// Takes a string's UTF-8 bytes into account (replaced in place: ids arrive in ascending
    /// order, a new maximum on every row).
    mutating func update(text: UnsafeBufferPointer<UInt8>) {
        if !seen {
            seen = true
            lowText = Array(text)
            highText = Array(text)
        } else if text.lexicographicallyPrecedes(lowText) {
            lowText.removeAll(keepingCapacity: true)
            lowText.append(contentsOf: text)
        } else if highText.lexicographicallyPrecedes(text) {
            highText.removeAll(keepingCapacity: true)
            highText.append(contentsOf: text)
        }
    }

    /// Takes another range of the same column into account.
    mutating func merge(_ other: ParquetValueRange, kind: ParquetColumnKind) {
        nulls += other.nulls
        guard other.seen else { return }
        switch kind {
        case .string:
            other.lowText.withUnsafeBufferPointer { update(text: $0) }
            other.highText.withUnsafeBufferPointer { update(text: $0) }
        case .double:
            update(double: other.lowDouble)
            update(double: other.highDouble)
        case .integer, .date, .boolean:
            update(integer: other.lowInteger)
            update(integer: other.highInteger)
        }
    }

    /// The `Statistics` (min and max only when a value was seen), PLAIN-encoded for `kind`.
    func statistics(_ kind: ParquetColumnKind) -> ParquetStatistics {
        guard seen else { return ParquetStatistics(nullCount: nulls) }
        let (low, high): ([UInt8], [UInt8])
        switch kind {
        case .string: (low, high) = (lowText, highText)
        case .double: (low, high) = (Self.plain(lowDouble.bitPattern, bytes: 8), Self.plain(highDouble.bitPattern, bytes: 8))
        case .integer: (low, high) = (Self.plain(UInt64(bitPattern: lowInteger), bytes: 8), Self.plain(UInt64(bitPattern: highInteger), bytes: 8))
        case .date: (low, high) = (Self.plain(UInt64(bitPattern: lowInteger), bytes: 4), Self.plain(UInt64(bitPattern: highInteger), bytes: 4))
        case .boolean: (low, high) = ([UInt8(truncatingIfNeeded: lowInteger)], [UInt8(truncatingIfNeeded: highInteger)])
        }
        return ParquetStatistics(nullCount: nulls, maxValue: high, minValue: low, isMaxExact: true, isMinExact: true)
    }

    /// The low `bytes` bytes of `v`, little-endian (PLAIN for INT32, INT64 and DOUBLE).
    static func plain(_ v: UInt64, bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }
}
