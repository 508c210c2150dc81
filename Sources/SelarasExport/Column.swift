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
    /// The only tier that has the column (nil: both). An identifying column is office-only
    /// whatever this says; a column whose exact value would narrow a birth or survey date
    /// below its month (`age_days`) or pin an income (`income_rp`) is office-only too, and its
    /// coarse replacement (`income_band`) analyst-only.
    public let onlyIn: ExportTier?
    /// What the column means in the analyst tier when its values are coarser there than in
    /// the office tier (nil: the same as ``description``).
    public let analystDescription: String?

    /// Creates a column.
    public init(_ name: String, _ kind: Kind, _ description: String, categories: [String]? = nil, identifying: Bool = false,
                onlyIn: ExportTier? = nil, analyst: String? = nil) {
        self.name = name
        self.kind = kind
        self.description = description
        self.categories = categories
        self.identifying = identifying
        self.onlyIn = identifying ? .office : onlyIn
        analystDescription = analyst
    }

    /// Whether a tier's tables have this column.
    public func isIn(_ tier: ExportTier) -> Bool { onlyIn == nil || onlyIn == tier }

    /// The column as a tier shows it: the analyst tier's description where it differs.
    func shown(in tier: ExportTier) -> Column {
        guard tier == .analyst, let analystDescription else { return self }
        return Column(name, kind, analystDescription, categories: categories, identifying: identifying, onlyIn: onlyIn)
    }

    /// The columns a tier's table has, in their fixed order, each as the tier describes it.
    static func select(_ columns: [Column], for tier: ExportTier) -> [Column] {
        columns.filter { $0.isIn(tier) }.map { $0.shown(in: tier) }
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
