/// One node of a Parquet file's schema (`SchemaElement` in parquet.thrift): the root (with
/// its number of children) or a leaf column (physical type, repetition, logical type).
public struct ParquetSchemaElement: Sendable, Hashable {
    /// Physical types (`Type`).
    public enum PhysicalType: Int32, Sendable {
        /// Bit-packed booleans.
        case boolean = 0
        /// 32-bit little-endian.
        case int32 = 1
        /// 64-bit little-endian.
        case int64 = 2
        /// IEEE 754 binary64, little-endian.
        case double = 5
        /// Length-prefixed bytes.
        case byteArray = 6
    }

    /// Logical types (the `LogicalType` union) this writer uses.
    public enum LogicalType: Sendable, Hashable {
        /// UTF-8 text.
        case string
        /// Days since 1970-01-01 in an INT32.
        case date
        /// A signed or unsigned integer of a bit width.
        case integer(bitWidth: Int8, signed: Bool)
    }

    /// The column's (or root's) name.
    public var name: String
    /// Physical type (leaves only).
    public var type: PhysicalType?
    /// REQUIRED 0, OPTIONAL 1, REPEATED 2 (leaves only here).
    public var repetition: Int32?
    /// Number of children (the root).
    public var numChildren: Int32?
    /// The legacy `ConvertedType` (UTF8 0, DATE 6, INT_64 18), written beside the logical type
    /// for older readers.
    public var convertedType: Int32?
    /// The logical type.
    public var logicalType: LogicalType?

    /// Creates an element.
    public init(name: String, type: PhysicalType? = nil, repetition: Int32? = nil, numChildren: Int32? = nil,
                convertedType: Int32? = nil, logicalType: LogicalType? = nil) {
        self.name = name
        self.type = type
        self.repetition = repetition
        self.numChildren = numChildren
        self.convertedType = convertedType
        self.logicalType = logicalType
    }

    /// Writes the struct's fields.
    public func write(to w: inout ThriftCompactWriter) {
        if let type { w.field(1, i32: type.rawValue) }
        if let repetition { w.field(3, i32: repetition) }
        w.field(4, string: name)
        if let numChildren { w.field(5, i32: numChildren) }
        if let convertedType { w.field(6, i32: convertedType) }
        if let logicalType {
            w.field(10) { u in
                switch logicalType {
                case .string: u.field(1) { _ in }
                case .date: u.field(6) { _ in }
                case .integer(let bits, let signed):
                    u.field(10) { i in
                        i.field(1, i8: bits)
                        i.field(2, bool: signed)
                    }
                }
            }
        }
    }
}
