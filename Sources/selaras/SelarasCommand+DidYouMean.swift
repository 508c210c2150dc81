import ArgumentParser

extension SelarasCommand {
    /// "did you mean 'status'?" for a misspelt (sub)command, or nil: swift-argument-parser
    /// suggests near option names but answers an unknown subcommand with only "Unexpected
    /// argument". Walks the words through the command tree and compares the first word that
    /// names no subcommand with the subcommands at that point (``DidYouMean``).
    static func commandSuggestion(for words: [String]) -> String? {
        var current: ParsableCommand.Type = SelarasCommand.self
        for word in words where !word.hasPrefix("-") {
            let subcommands = current.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { $0._commandName == word }) {
                current = next
                continue
            }
            guard let near = DidYouMean.nearest(word, among: subcommands.map { $0._commandName }) else { return nil }
            let path = ([SelarasCommand._commandName] + words.prefix { $0 != word }.filter { !$0.hasPrefix("-") } + [near])
            return "did you mean '\(path.joined(separator: " "))'?"
        }
        return nil
    }
}
