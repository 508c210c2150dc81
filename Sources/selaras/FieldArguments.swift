import SelarasModel

/// Splits `--name value` / `--name=value` pairs that the schema, not the parser, knows.
enum FieldArguments {
    /// Parses the words left over by the argument parser.
    /// - Throws: ``CLIError`` (bad input) for a word that is not `--FIELD VALUE`.
    static func pairs(_ words: [String]) throws -> [(name: String, text: String)] {
        var out: [(name: String, text: String)] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            guard w.hasPrefix("--"), w.count > 2 else {
                throw CLIError.badInput("'\(w)' is not a --FIELD VALUE pair; see --help for the fields")
            }
            let body = w.dropFirst(2)
            if let eq = body.firstIndex(of: "=") {
                out.append((String(body[..<eq]), String(body[body.index(after: eq)...])))
                i += 1
            } else {
                guard i + 1 < words.count else { throw CLIError.badInput("--\(body) needs a value") }
                out.append((String(body), words[i + 1]))
                i += 2
            }
        }
        return out
    }

    /// Refuses a flag that is not a field of the kind, naming the nearest field's flag.
    /// - Throws: ``CLIError`` (bad input): one sentence per unknown flag.
    static func checkNames(_ pairs: [(name: String, text: String)], of kind: RecordKind) throws {
        let schema = kind.schema
        let unknown = pairs.filter { schema.field(named: $0.name) == nil }
        guard !unknown.isEmpty else { return }
        let flags = schema.fields.map(\.flag), names = schema.fields.map(\.name)
        throw CLIError.badInput(unknown.map { pair in
            let near = DidYouMean.nearest(pair.name, among: flags) ?? DidYouMean.nearest(pair.name, among: names).flatMap { schema.field(named: $0)?.flag }
            return "--\(pair.name): is not a field of a \(kind.name)"
                + (near.map { "; did you mean --\($0)?" } ?? "; the fields are listed by --help")
        }.joined(separator: "\n"))
    }
}
