import SelarasMerge
import SelarasModel

/// The `conflicts` table: one row per field with concurrent, disagreeing values.
enum ConflictsTable {
    static let columns: [Column] = [
        Column("entity_id", .string, "Record id (analyst tier: keyed pseudonym)"),
        Column("kind", .string, "Record kind", categories: ["child", "check", "survey"]),
        Column("field", .string, "Field in conflict"),
        Column("candidates", .integer, "Number of concurrent values"),
        Column("shown_value", .string, "The value shown until a person resolves it (deterministic winner)", identifying: true),
        Column("values", .string, "All concurrent values, separated by ' | '", identifying: true),
        Column("authors", .string, "Who wrote them, separated by ' | '", identifying: true),
    ]

    static func make(_ ctx: DatasetContext) -> any DatasetTable {
        let cols = Column.select(columns, for: ctx.options.tier)
        let schema = TableSchema(name: "conflicts", description: "One row per field that two people changed concurrently.", columns: cols)
        var rows: [[Cell]] = []
        for e in ctx.conflicted {
            for (tag, reg) in e.conflicts {
                guard let spec = e.id.kind.schema.field(tag: tag) else { continue }
                let all: [Cell] = [
                    ctx.id(e.id), .text(e.id.kind.name), .text(spec.name), .integer(Int64(reg.candidates.count)),
                    reg.winner.map { .text($0.value.formatted(as: spec.type)) } ?? .null,
                    .text(reg.candidates.map { $0.value.formatted(as: spec.type) }.joined(separator: " | ")),
                    .text(reg.candidates.map(\.author).joined(separator: " | ")),
                ]
                rows.append(zip(columns, all).filter { c, _ in c.isIn(ctx.options.tier) }.map(\.1))
            }
        }
        let frozen = rows
        return ComputedTable(schema: schema, rowCount: frozen.count) { frozen[$0] }
    }
}
