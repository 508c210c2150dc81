/// One column of a dataset table: name (analysts script against it), type, meaning.
public struct Column: Sendable, Hashable {
    /// The value type, as Frictionless Table Schema names it.
    public enum Kind: String, Sendable, Hashable {
        case string, integer, number, date, boolean
    }

    /// The column name (snake_case; never renamed, new columns only appended).
    public let name: String
    /// The type.
    public let kind: Kind
    /// What it means, with the unit.
    public let description: String
    /// The allowed values, when it is a category.
    public let categories: [String]?
    /// Whether it identifies a person (left out of the analyst tier).
    public let identifying: Bool

    /// Creates a column.
    public init(_ name: String, _ kind: Kind, _ description: String, categories: [String]? = nil, identifying: Bool = false) {
        self.name = name
        self.kind = kind
        self.description = description
        self.categories = categories
        self.identifying = identifying
    }
}

/// A table's name, description and columns.
public struct TableSchema: Sendable, Hashable {
    /// File-safe table name (`growth_checks`).
    public let name: String
    /// What a row is.
    public let description: String
    /// Columns in their fixed order.
    public let columns: [Column]

    /// Creates a schema.
    public init(name: String, description: String, columns: [Column]) {
        self.name = name
        self.description = description
        self.columns = columns
    }
}
