import SelarasHubProtocol
import SelarasModel

/// Checks of one database row's values before use: a value out of range becomes a
/// ``DatabaseError`` `.badRow` naming the table, the row, the column, the value and what is allowed.
struct RowCheck {
    /// The table.
    let table: String
    /// The row, for people (its key).
    let row: String

    /// The error for a column's bad value.
    func bad(_ column: String, _ why: String) -> DatabaseError {
        DatabaseError(.badRow, "the database's \(table) row \(row) has a bad \(column): \(why); it was not used")
    }

    /// Refuses the row unless `ok`.
    func check(_ ok: Bool, _ column: String, _ value: String, _ allowed: String) throws(DatabaseError) {
        guard ok else { throw bad(column, "\(value), allowed: \(allowed)") }
    }

    /// A role column.
    func role(_ text: String) throws(DatabaseError) -> HubRole {
        guard let r = HubRole(rawValue: text) else {
            throw bad("role", "'\(text.prefix(40))', allowed: \(HubRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return r
    }

    /// A kelurahan column (NULL for none).
    func kelurahan(_ value: Int16?) throws(DatabaseError) -> UInt16? {
        guard let value else { return nil }
        guard value >= 0, Kelurahan(code: UInt16(value)) != nil else { throw bad("kelurahan", "\(value), allowed: a Balikpapan kelurahan code") }
        return UInt16(value)
    }
}
