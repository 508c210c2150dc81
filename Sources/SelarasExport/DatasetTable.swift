/// A dataset table whose rows are produced one at a time (exporters stream them).
public protocol DatasetTable: Sendable {
    /// The table's schema.
    var schema: TableSchema { get }
    /// Number of rows.
    var rowCount: Int { get }
    /// Calls `body` with each row, in the table's stable order; cells follow the columns.
    func forEachRow(_ body: ([Cell]) throws -> Void) rethrows
    /// Calls `body` with the rows at positions `range` (within `0..<rowCount`), in order.
    /// Safe to call from several threads at once, so exporters can encode chunks of one table
    /// on all cores.
    func forEachRow(in range: Range<Int>, _ body: ([Cell]) throws -> Void) rethrows
}

extension DatasetTable {
    /// Every row, in order.
    public func forEachRow(_ body: ([Cell]) throws -> Void) rethrows {
        try forEachRow(in: 0..<rowCount, body)
    }
}

/// A table whose rows are computed by a closure per index (rows are built when asked for).
public struct ComputedTable: DatasetTable {
    /// The schema.
    public let schema: TableSchema
    /// Rows.
    public let rowCount: Int
    private let row: @Sendable (Int) -> [Cell]

    /// Creates a table.
    /// - Parameter row: the cells of row `i`; called from several threads at once.
    public init(schema: TableSchema, rowCount: Int, row: @escaping @Sendable (Int) -> [Cell]) {
        self.schema = schema
        self.rowCount = rowCount
        self.row = row
    }

    /// Calls `body` with each row of `range` in index order.
    public func forEachRow(in range: Range<Int>, _ body: ([Cell]) throws -> Void) rethrows {
        for i in range { try body(row(i)) }
    }
}
