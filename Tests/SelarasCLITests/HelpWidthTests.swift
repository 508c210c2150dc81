import Foundation
import Testing

/// Every command's `--help`, read at 80 columns (the issue's "help text that reads well at 80
/// columns"): no line is wider.
@Suite("CLI: --help at 80 columns")
struct HelpWidthTests {
    /// Every command path, found by walking `--help`'s SUBCOMMANDS sections. A name is taken
    /// only when its own help's usage line starts with its path (the parser prints the parent's
    /// help, exit 0, for a word that is not a subcommand).
    static func commands(_ cli: CLI) throws -> [[String]] {
        var found: [[String]] = []
        var todo: [[String]] = [[]]
        while let path = todo.first, found.count < 200 {
            todo.removeFirst()
            let help = try cli.ok(path + ["--help"], environment: ["COLUMNS": "80"]).stdout
            let usage = help.components(separatedBy: "USAGE:").dropFirst().first?.trimmingCharacters(in: .whitespaces) ?? ""
            guard usage.hasPrefix((["selaras"] + path).joined(separator: " ")) else { continue }
            found.append(path)
            guard let section = help.components(separatedBy: "SUBCOMMANDS:").dropFirst().first else { continue }
            for line in section.split(separator: "\n") where line.hasPrefix("  ") && !line.hasPrefix("   ") {
                let name = String(line.dropFirst(2).prefix { $0 != " " })
                if name != "help", !name.isEmpty, !found.contains(path + [name]), !todo.contains(path + [name]) {
                    todo.append(path + [name])
                }
            }
        }
        return found
    }

    @Test("every command's --help fits 80 columns")
    func everyCommand() throws {
        let cli = try CLI()
        let all = try Self.commands(cli)
        #expect(all.count > 20, "found \(all.count) commands: \(all)")
        for path in all {
            let name = (["selaras"] + path).joined(separator: " ")
            let help = try cli.ok(path + ["--help"], environment: ["COLUMNS": "80"]).stdout
            for line in help.split(separator: "\n") where line.count > 80 {
                Issue.record("\(name) --help: a line of \(line.count) columns: \(line)")
            }
        }
    }
}
