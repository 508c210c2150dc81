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
}
