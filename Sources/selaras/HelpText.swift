import SelarasModel

/// `--help` text laid out for an 80-column terminal. swift-argument-parser wraps every line
/// of a discussion at the terminal's width but keeps its line breaks, so prose broken by hand
/// came out ragged; and it does not wrap the field lists with a hanging indent.
enum HelpText {
    /// The width the texts are laid out for.
    static let width = 80

    /// `text` with each paragraph's prose lines joined into one line, for the parser to wrap at
    /// the terminal's width. Blank lines, indented lines (examples, lists) and the line after
    /// an indented one stay as written.
    static func reflow(_ text: String) -> String {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let last = out.last, !last.isEmpty, !last.hasPrefix(" "), !line.isEmpty, !line.hasPrefix(" ") {
                out[out.count - 1] = last + " " + line
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    /// Words wrapped to `width`: the first line starts with `first`, the others with `indent`
    /// spaces. A word longer than a line gets a line of its own.
    static func wrap(_ text: String, first: String, indent: Int) -> String {
        var lines: [String] = []
        var line = first
        var empty = true
        for word in text.split(separator: " ") {
            if !empty, line.count + 1 + word.count > width {
                lines.append(line)
                line = String(repeating: " ", count: indent)
                empty = true
            }
            line += (empty ? "" : " ") + word
            empty = false
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// The fields of a record kind from its schema, one field a paragraph with a hanging indent:
    /// `--flag (required): what it is — allowed values`.
    static func fields(_ kind: RecordKind) -> String {
        kind.schema.fields.map { f in
            wrap("\(f.help) — \(f.type.allowedDescription)", first: "  --\(f.flag)\(f.required ? " (required)" : ""): ", indent: 6)
        }.joined(separator: "\n")
    }
}
