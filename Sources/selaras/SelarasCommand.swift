import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `selaras`: the laptop's face of the Selaras sync engine.
@main
struct SelarasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selaras",
        abstract: "Record posyandu growth checks and RTLH house surveys offline, safely.",
        discussion: HelpText.reflow("""
        Every record is an event in this laptop's append-only store; nothing acknowledged is
        ever lost, even after a power cut. The store is --store DIR, else $SELARAS_HOME,
        else ~/.selaras.

        Dates may be typed dd/mm/yyyy or YYYY-MM-DD. Exit codes: 0 success, 1 failure,
        2 bad input.

        Example, a first session:
          selaras init --store lap1 --kelurahan Manggar
          selaras child add --store lap1 --name "Siti Aminah" --sex P --born 02/03/2024 \\
              --mother "Rahmawati" --posyandu "Melati 3"
          selaras check add --store lap1 --child ID --date 15/01/2025 --weight 8.4 \\
              --length 71.0 --position lying --muac 13.5 --head 44.0
          selaras status --store lap1
        """),
        subcommands: [
            InitCommand.self, ChildCommand.self, CheckCommand.self, SurveyCommand.self,
            CorrectCommand.self, VoidCommand.self, ImportCommand.self, LogCommand.self,
            VerifyCommand.self, StatusCommand.self, BundleCommand.self, StateCommand.self,
            ConflictsCommand.self, ResolveCommand.self, DuplicatesCommand.self, SameAsCommand.self,
            NotSameCommand.self, ShowCommand.self, ExportCommand.self, DashboardCommand.self, DemoCommand.self,
            HubCommand.self, EnrolCommand.self, SyncCommand.self, DownloadCommand.self,
            AppCommand.self,
            ReportCommand.self,
        ]
    )

    /// Runs the command line with Selaras's exit codes (bad input is 2, not 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .success {
                exit(withError: error)  // --help, --version
            }
            if exitCode(for: error) == .validationFailure {
                // The parser's "Error: …" and usage lines, with the CLI's own prefix on each line.
                var text = fullMessage(for: error)
                if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
                if text.contains("nexpected argument"), let hint = commandSuggestion(for: Array(CommandLine.arguments.dropFirst())) {
                    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    lines[0] += "; " + hint
                    text = lines.joined(separator: "\n")
                }
                Terminal.error(text.split(separator: "\n").map { "selaras: " + $0.trimmingLeadingSpaces() }
                    .joined(separator: "\n"))
                Glibc.exit(2)
            }
            // Everything else, mapped or not, is "selaras: …" with the documented exit code.
            let e = CLIError.from(error)
            Terminal.error("selaras: " + e.message.split(separator: "\n", omittingEmptySubsequences: false)
                .joined(separator: "\nselaras: "))
            Glibc.exit(e.exitCode)
        }
    }
}

extension Substring {
    func trimmingLeadingSpaces() -> Substring { drop { $0 == " " } }
}
