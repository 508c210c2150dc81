/// One field of a record kind: its wire tag, its names, its type and unit, and its help.
/// A class so that looking a field up on the decoding hot path shares it instead of copying.
public final class FieldSpec: Sendable {
    /// The tag in the binary encoding. Never reuse or renumber a tag.
    public let tag: UInt8
    /// The column name in CSV imports and exports (`weight_kg`).
    public let name: String
    /// The command-line flag without dashes (`weight`).
    public let flag: String
    /// Type, unit and allowed range.
    public let type: FieldType
    /// Whether a record must have it when created.
    public let required: Bool
    /// One line for `--help` and the codebook.
    public let help: String
    /// Whether the value identifies a person (removed in the analyst tier).
    public let identifying: Bool
    /// The allowed values of a choice, for O(1) checks.
    let choiceSet: Set<String>
    /// The value case this field holds: 1 text, 2 number, 3 date, 4 bool, 5 reference.
    let valueKind: UInt8
    /// The possible range of a number field.
    let numberRange: ClosedRange<Int64>
    /// The kind a reference field points to.
    let referenceKind: RecordKind?
    /// For a text or choice field, the most characters and UTF-8 bytes its value may have
    /// (what entry accepts and what the event decoder reads back); nil for other fields.
    /// Free text gets ``TextLimit/bytesPerCharacter`` bytes a character (a 120-character name:
    /// 480 bytes); a choice, its longest value.
    public let textLimit: TextLimit?

    /// Creates a field specification.
    public init(_ tag: UInt8, _ name: String, flag: String, _ type: FieldType, required: Bool = false,
                identifying: Bool = false, help: String) {
        self.tag = tag
        self.name = name
        self.flag = flag
        self.type = type
        self.required = required
        self.help = help
        self.identifying = identifying
        if case .choice(let values, _) = type { choiceSet = Set(values) } else { choiceSet = [] }
        switch type {
        case .text, .choice: valueKind = 1; numberRange = 0...0; referenceKind = nil
        case .decimal(_, _, let r), .integer(_, let r): valueKind = 2; numberRange = r; referenceKind = nil
        case .date: valueKind = 3; numberRange = 0...0; referenceKind = nil
        case .bool: valueKind = 4; numberRange = 0...0; referenceKind = nil
        case .reference(let k): valueKind = 5; numberRange = 0...0; referenceKind = k
        }
        switch type {
        case .text(let max, _, _): textLimit = TextLimit(characters: max)
        case .choice(let values, _):
            textLimit = TextLimit(characters: values.map(\.count).max() ?? 0, bytes: values.map(\.utf8.count).max() ?? 0)
        default: textLimit = nil
        }
    }

    /// Parses text typed by a person or read from a spreadsheet into a value of this field.
    ///
    /// - Parameters:
    ///   - text: the raw text (trimmed by this function).
    ///   - today: the current date, for "not in the future".
    /// - Throws: ``ModelError`` with a message naming the field, the value and what is allowed.
    /// - Returns: the typed value.
    public func parse(_ text: String, today: LocalDate) throws(ModelError) -> FieldValue {
        let raw = text.trimmingWhitespace()
        func bad(_ why: String? = nil) -> ModelError {
            ModelError(.invalidValue, "\(name): '\(TextLimit.excerpt(raw))' \(why ?? "is not allowed"); allowed: \(type.allowedDescription)")
        }
        switch type {
        case .text:
            if let problem = textProblem(raw) { throw ModelError(.invalidValue, problem) }
            return .text(raw)
        case .decimal(let scale, _, let range):
            guard let v = FieldType.parseFixed(raw, scale: scale) else { throw bad("is not a number with at most \(scale) decimal\(scale == 1 ? "" : "s")") }
            guard range.contains(v) else { throw bad("is outside the possible range") }
            return .number(v)
        case .integer(_, let range):
            guard let v = Int64(raw) else { throw bad("is not a whole number") }
            guard range.contains(v) else { throw bad("is outside the possible range") }
            return .number(v)
        case .date(let notFuture):
            guard let d = LocalDate(dayFirst: raw) else { throw bad("is not a date") }
            if notFuture, d > today { throw bad("is in the future (today is \(today))") }
            return .date(d)
        case .bool:
            switch raw.lowercased() {
            case "yes", "y", "1", "true", "ya": return .bool(true)
            case "no", "n", "0", "false", "tidak": return .bool(false)
            default: throw bad()
            }
        case .choice(let values, let aliases):
            let lower = raw.lowercased()
            if let v = values.first(where: { $0.lowercased() == lower }) { return .text(v) }
            if let v = aliases[lower] { return .text(v) }
            throw bad()
        case .reference(let kind):
            guard let id = EntityID(raw), id.kind == kind else { throw bad("is not an id") }
            return .reference(id)
        }
    }

    /// Checks a value already typed (for example decoded from an event) against this field.
    /// Uses precomputed primitives so that the decoding hot path copies no enum payloads.
    /// - Returns: nil when the value fits, or an error message.
    public func check(_ value: FieldValue) -> String? {
        switch value {
        case .text(let s):
            guard valueKind == 1 else { break }
            if !choiceSet.isEmpty {
                return choiceSet.contains(s) ? nil : "\(name): '\(TextLimit.excerpt(s))' is not allowed; allowed: \(type.allowedDescription)"
            }
            return textProblem(s)
        case .number(let n):
            guard valueKind == 2 else { break }
            return numberRange.contains(n) ? nil
                : "\(name): \(value.formatted(as: type)) is outside the possible range; allowed: \(type.allowedDescription)"
        case .date: if valueKind == 3 { return nil }
        case .bool: if valueKind == 4 { return nil }
        case .reference(let id):
            guard valueKind == 5 else { break }
            return id.kind == referenceKind ? nil : "\(name): \(id) is not a \(referenceKind?.name ?? "record")"
        }
        return "\(name): has the wrong type"
    }
}

extension FieldSpec {
    /// Why a text is not a value of this text field (empty, over its ``textLimit`` in
    /// characters or bytes, a control character, a space at either end, not the digits or
    /// phone number it must be),
    /// or nil. The one rule for text, used by ``parse(_:today:)`` and ``check(_:)`` alike.
    func textProblem(_ text: String) -> String? {
        guard case .text(_, let digits, let phone) = type, let limit = textLimit else { return nil }
        func bad(_ why: String) -> String {
            "\(name): '\(TextLimit.excerpt(text))' \(why); allowed: \(type.allowedDescription)"
        }
        guard !text.isEmpty else { return bad("is empty") }
        // Digits and phone numbers are ASCII of a fixed form, well within their limit.
        if let d = digits {
            return text.utf8.count == d && text.allSatisfy(\.isASCIIDigit) ? nil : bad("is not allowed")
        }
        if phone {
            let body = text.hasPrefix("+") ? text.utf8.dropFirst() : text.utf8.dropFirst(0)
            return (8...15).contains(body.count) && body.allSatisfy({ $0 >= 48 && $0 <= 57 }) ? nil : bad("is not allowed")
        }
        // Most texts (names, places) are printable ASCII: one byte per character, no control
        // character, and a space the only whitespace. Checked on the bytes, without the Unicode
        // property tables (which cost a fifth of a bundle's import).
        if !text.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F }) {
            let n = text.utf8.count
            if n > limit.bytes || n > limit.characters { return limit.problem(text, what: name) }
            return text.utf8.first == 0x20 || text.utf8.last == 0x20 ? bad("begins or ends with a space") : nil
        }
        if let problem = limit.problem(text, what: name) { return problem }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return bad("contains a control character")
        }
        // Typed entry trims; a value that arrives untrimmed (in a bundle) was not typed.
        if text.unicodeScalars.first!.properties.isWhitespace || text.unicodeScalars.last!.properties.isWhitespace {
            return bad("begins or ends with a space")
        }
        return nil
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
