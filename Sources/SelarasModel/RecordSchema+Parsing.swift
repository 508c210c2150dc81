extension RecordSchema {
    /// Parses named text values (from command-line flags or a CSV row) into a field map.
    ///
    /// Empty values are skipped (a blank spreadsheet cell means "not recorded").
    /// - Parameters:
    ///   - pairs: field name or flag (`weight` or `weight_kg`) and its text.
    ///   - today: the current date.
    /// - Returns: the parsed fields and every problem found (all of them, not just the first).
    public func parse(_ pairs: [(name: String, text: String)], today: LocalDate) -> (fields: FieldMap, errors: [ModelError]) {
        var fields = FieldMap()
        var errors: [ModelError] = []
        var seen = Set<UInt8>()
        for (name, text) in pairs {
            guard let spec = field(named: name) else {
                errors.append(ModelError(.unknownField, "\(name): is not a field of a \(kind.name); fields: \(flagList)"))
                continue
            }
            guard seen.insert(spec.tag).inserted else {
                errors.append(ModelError(.invalidValue, "\(spec.name): is given twice"))
                continue
            }
            if text.trimmingWhitespace().isEmpty { continue }
            do { fields[spec.tag] = try spec.parse(text, today: today) } catch { errors.append(error) }
        }
        return (fields, errors)
    }

    private var flagList: String { fields.map(\.flag).joined(separator: ", ") }
}
