import SelarasModel

/// Bulk entry from the spreadsheets posyandu keep: every row validated first, every bad row
/// reported as `FILE:LINE: field: problem`; nothing is recorded unless every row is valid
/// (or the caller chose to skip invalid rows, which are then listed).
///
/// A growth check that repeats another — the same child, date and measurements, in the store
/// or on an earlier line — is a possible duplicate: it is warned about (naming both) and not
/// recorded again, since the identical check is already there.
public struct CSVImport: Sendable {
    /// What validation produced.
    public struct Plan: Sendable {
        /// The drafts to record, in file order.
        public let drafts: [EventDraft]
        /// `FILE:LINE: problem` for every refused row.
        public let problems: [String]
        /// `FILE:LINE: warning` for rows kept but flagged.
        public let warnings: [String]
        /// Lines of refused rows.
        public let refusedLines: [Int]
        /// Lines of valid rows not recorded because they repeat another check (see the warnings).
        public let duplicateLines: [Int]
        /// Data rows read.
        public let rowCount: Int
    }

    /// The entry context (store state, today, author).
    public let entry: RecordEntry

    /// Creates an importer.
    public init(entry: RecordEntry) { self.entry = entry }

    /// Validates every row of a CSV table of `kind`.
    ///
    /// Growth-check rows name their child by `child_id`, or by `child_nik`, or by
    /// `child_name` + `child_born` (matched against the children in the store).
    /// - Parameters:
    ///   - table: the parsed file.
    ///   - kind: what the rows are.
    ///   - fileName: for messages.
    ///   - progress: called with (rows done, rows total) now and then.
    /// - Throws: ``EntryError`` when a column is unknown (nothing can be trusted then).
    public func plan(_ table: CSVTable, kind: RecordKind, fileName: String,
                     progress: (Int, Int) -> Void = { _, _ in }) throws(EntryError) -> Plan {
        let schema = kind.schema
        let childColumns = ["child_nik", "child_name", "child_born"]
        var unknown: [String] = []
        for name in table.header where schema.field(named: name) == nil {
            if kind == .growthCheck, childColumns.contains(name.lowercased()) { continue }
            unknown.append(name)
        }
        guard unknown.isEmpty else {
            throw EntryError(.invalidInput, ["\(fileName):\(table.headerLine): unknown column\(unknown.count > 1 ? "s" : "") \(unknown.map { "'\($0)'" }.joined(separator: ", ")); columns of \(kind.name) rows: \(schema.fields.map(\.name).joined(separator: ", "))\(kind == .growthCheck ? ", or child_nik / child_name + child_born instead of child_id" : "")"])
        }
        let finder = kind == .growthCheck ? ChildFinder(state: entry.state) : nil
        var drafts: [EventDraft] = []
        var problems: [String] = []
        var warnings: [String] = []
        var refused: [Int] = []
        var duplicates: [Int] = []
        var index = kind == .growthCheck ? CheckDuplicateIndex(state: entry.state) : nil
        for (n, row) in table.rows.enumerated() {
            if n % 500 == 0 { progress(n, table.rows.count) }
            let at = "\(fileName):\(row.line)"
            if row.fields.count != table.header.count {
                problems.append("\(at): has \(row.fields.count) fields but the header has \(table.header.count)")
                refused.append(row.line)
                continue
            }
            var pairs: [(name: String, text: String)] = []
            var childKeys: [String: String] = [:]
            for (name, value) in zip(table.header, row.fields) {
                if childColumns.contains(name.lowercased()) { childKeys[name.lowercased()] = value } else { pairs.append((name, value)) }
            }
            if let finder, !pairs.contains(where: { schema.field(named: $0.name)?.tag == FieldKey.GrowthCheck.child.tag && !$0.text.isEmpty }) {
                switch finder.find(nik: childKeys["child_nik"], name: childKeys["child_name"], born: childKeys["child_born"]) {
                case .success(let id): pairs.append(("child_id", id.description))
                case .failure(let failure):
                    problems.append("\(at): \(failure.message)")
                    refused.append(row.line)
                    continue
                }
            }
            do {
                let p = try entry.prepareCreate(kind, pairs)
                warnings += p.warnings.map { "\(at): \($0)" }
                if case .create(_, let fields) = p.draft.operation, let other = index?.earlier(fields, name: "line \(row.line)") {
                    warnings.append("\(at): possible duplicate of \(other) (same child, date and measurements); not imported again")
                    duplicates.append(row.line)
                    continue
                }
                drafts.append(p.draft)
            } catch {
                problems += error.problems.map { "\(at): \($0)" }
                refused.append(row.line)
            }
        }
        progress(table.rows.count, table.rows.count)
        return Plan(drafts: drafts, problems: problems, warnings: warnings, refusedLines: refused, duplicateLines: duplicates, rowCount: table.rows.count)
    }
}
