/// A page's or column chunk's `Statistics`: the null count and the smallest and largest
/// values, each in PLAIN encoding (without a length prefix for byte arrays).
public struct ParquetStatistics: Sendable, Hashable {
    /// Deprecated signed-order maximum (field 1), written only to match other writers.
    public var legacyMax: [UInt8]?
    /// Deprecated signed-order minimum (field 2).
    public var legacyMin: [UInt8]?
    /// Missing values.
    public var nullCount: Int64?
    /// Largest value (field 5).
    public var maxValue: [UInt8]?
    /// Smallest value (field 6).
    public var minValue: [UInt8]?
    /// Whether ``maxValue`` is the value itself (not a truncation).
    public var isMaxExact: Bool?
    /// Whether ``minValue`` is the value itself.
    public var isMinExact: Bool?

    /// Creates statistics.
    public init(legacyMax: [UInt8]? = nil, legacyMin: [UInt8]? = nil, nullCount: Int64? = nil, maxValue: [UInt8]? = nil,
                minValue: [UInt8]? = nil, isMaxExact: Bool? = nil, isMinExact: Bool? = nil) {
        self.legacyMax = legacyMax
        self.legacyMin = legacyMin
        self.nullCount = nullCount
        self.maxValue = maxValue
        self.minValue = minValue
        self.isMaxExact = isMaxExact
        self.isMinExact = isMinExact
    }

    /// Writes the struct's fields.
    public func write(to w: inout ThriftCompactWriter) {
        if let legacyMax { w.field(1, binary: legacyMax) }
        if let legacyMin { w.field(2, binary: legacyMin) }
        if let nullCount { w.field(3, i64: nullCount) }
        if let maxValue { w.field(5, binary: maxValue) }
        if let minValue { w.field(6, binary: minValue) }
        if let isMaxExact { w.field(7, bool: isMaxExact) }
        if let isMinExact { w.field(8, bool: isMinExact) }
    }
}
