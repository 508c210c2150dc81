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
    private let fill: @Sendable (Int, inout [Cell]) -> Void

    /// Creates a table.
    /// - Parameter row: the cells of row `i`; called from several threads at once.
    public init(schema: TableSchema, rowCount: Int, row: @escaping @Sendable (Int) -> [Cell]) {
        self.schema = schema
        self.rowCount = rowCount
        fill = { i, cells in cells = row(i) }
    }

    /// Creates a table whose rows are appended to one reused array (no allocation per row).
    /// - Parameter fill: appends the cells of row `i` to an empty array; called from several
    ///   threads at once (each with its own array).
    public init(schema: TableSchema, rowCount: Int, fill: @escaping @Sendable (Int, inout [Cell]) -> Void) {
        self.schema = schema
        self.rowCount = rowCount
        self.fill = fill
    }

    /// Calls `body` with each row of `range` in index order.
    public func forEachRow(in range: Range<Int>, _ body: ([Cell]) throws -> Void) rethrows {
        var cells: [Cell] = []
        cells.reserveCapacity(schema.columns.count)
        for i in range {
            cells.removeAll(keepingCapacity: true)
            fill(i, &cells)
            try body(cells)
        }
    }
}
