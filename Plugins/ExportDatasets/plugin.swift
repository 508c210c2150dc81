// `swift package --allow-writing-to-package-directory export-datasets ARGS…`
//
// A thin command plugin: it builds the `selaras` executable (plugins cannot link the
// package's libraries), then runs `selaras export ARGS…` from the package directory, so
// relative paths such as `--store demo/office --out exports` are taken from there. Its
// output is passed through; when it fails the plugin fails, naming its exit status
// (`swift package` itself then exits 1).
//
//   swift package --allow-writing-to-package-directory export-datasets \
//       --store demo/office --format zip --out exports --tier analyst
//   swift package --allow-writing-to-package-directory export-datasets --list
//
// (The permission is declared once for the plugin, so --list asks for it too.) `exports/` is
// git-ignored: office-tier exports identify children and must never be committed.
import Foundation
import PackagePlugin

@main
struct ExportDatasets: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "selaras")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = ["export"] + arguments
        process.currentDirectoryURL = context.package.directoryURL
        // stdin, stdout and stderr are inherited: selaras writes straight to the plugin's output.
        do {
            try process.run()
        } catch {
            Diagnostics.error("export-datasets: cannot run \(tool.url.path): \(error)")
            exit(127)
        }
        process.waitUntilExit()
        let status = process.terminationStatus
        if process.terminationReason == .uncaughtSignal {
            Diagnostics.error("export-datasets: selaras export was killed by signal \(status)")
            exit(128 + status)
        }
        if status != 0 {
            Diagnostics.error("export-datasets: selaras export exited with status \(status)")
            exit(status)
        }
    }
}
