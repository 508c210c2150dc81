import SelarasExport

/// How a dataset column is stored: its physical and logical Parquet type, from the column's
/// kind in the schema (one home for the mapping).
public enum ParquetColumnKind: Sendable, Hashable {
    /// BYTE_ARRAY, logical STRING (ids, NIK, phone numbers, categories: text, never numbers).
    case string
    /// INT64, logical INT(64, signed).
    case integer
    /// DOUBLE (the value the CSV shows, rounded to the column's decimals).
    case double
    /// INT32, logical DATE (days since 1970-01-01).
    case date
    /// BOOLEAN.
    case boolean

    /// The storage of a schema column.
    public init(_ kind: Column.Kind) {
        switch kind {
        case .string: self = .string
        case .integer: self = .integer
        case .number: self = .double
        case .date: self = .date
        case .boolean: self = .boolean
        }
    }

    /// The column's leaf in the Parquet schema (every column optional: any cell may be missing).
    public func schemaElement(name: String) -> ParquetSchemaElement {
        switch self {
        case .string: .init(name: name, type: .byteArray, repetition: 1, convertedType: 0, logicalType: .string)
        case .integer: .init(name: name, type: .int64, repetition: 1, convertedType: 18, logicalType: .integer(bitWidth: 64, signed: true))
        case .double: .init(name: name, type: .double, repetition: 1)
        case .date: .init(name: name, type: .int32, repetition: 1, convertedType: 6, logicalType: .date)
        case .boolean: .init(name: name, type: .boolean, repetition: 1)
        }
    }

    /// The physical type.
    public var physicalType: ParquetSchemaElement.PhysicalType { schemaElement(name: "").type! }
}
