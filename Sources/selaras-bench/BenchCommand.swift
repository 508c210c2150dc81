import ArgumentParser

/// `selaras-bench`: benchmarks that print their figures, and the crash-test writer.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selaras-bench",
        abstract: "Measure Selaras against its baselines on this machine, side by side in one run.",
        discussion: """
        Build in release mode for meaningful figures:
          swift run -c release selaras-bench log
          swift run -c release selaras-bench hub-load --laptops 200 --events 500
        """,
        subcommands: [LogBench.self, OpenVerify.self, SyncBench.self, MergeOnce.self, ImportOnce.self, ExportBench.self, ExportOnce.self, CrashWriter.self, CrashCheck.self, HubLoad.self,
                      HubDashboardBench.self, AppBench.self, CLIBench.self, EPPGBMFixtures.self, EPPGBMImportBench.self, EPPGBMExportBench.self]
    )
}
