/// A dataset table whose rows are produced one at a time (exporters stream them).
public protocol DatasetTable: Sendable {
    /// The table's schema.
    var schema: TableSchema { get }
    /// Number of rows.
    var rowCount: Int { get }
    /// Calls `body` with each row, in the table's stable order; cells follow the columns.
    func forEachRow(_ body: ([Cell]) throws -> Void) rethrows
}

/// A table whose rows are computed by a closure per index (rows are built when asked for).
public struct ComputedTable: DatasetTable {
    /// The schema.
    public let schema: TableSchema
    /// Rows.
    public let rowCount: Int
    private let row: @Sendable (Int) -> [Cell]

    /// Creates a table.
    public init(schema: TableSchema, rowCount: Int, row: @escaping @Sendable (Int) -> [Cell]) {
        self.schema = schema
        self.rowCount = rowCount
        self.row = row
    }

    /// Calls `body` with each row in index order.
    public func forEachRow(_ body: ([Cell]) throws -> Void) rethrows {
        for i in 0..<rowCount { try body(row(i)) }
    }
}
