import ArgumentParser
import Foundation
import Logging
import SelarasApp
import SelarasLog
import SelarasModel

/// `selaras app`: the cadre's app in the laptop's browser, offline.
struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Open the cadre's app: a posyandu day in the browser, offline, in Bahasa Indonesia.", usage: "selaras app [--store <DIR>] [--author <NAME>] [--port <port>]\n        [--no-browser]",
        discussion: HelpText.reflow("""
        Serves pages on 127.0.0.1 only (never on the network) and prints the address with a
        one-time token: open it in the browser on this laptop. The token works once; to open
        the app in another browser, stop it (Ctrl-C) and start it again. Records are checked
        like `child add` and `check add` and written to the same store; a page says Tersimpan
        only after the record is on disk.

        Example:
          selaras app --store lap1
        """))
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var author: AuthorOption
    @Option(help: "The port on 127.0.0.1 (0 picks a free one).") var port = 8765
    @Flag(name: .customLong("no-browser"), help: "Do not try to open the default browser.") var noBrowser = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port: \(port) is not a port (0…65535)") }
    }

    func run() async throws {
        let store = try storeOptions.open()
        let who = author.resolve(store)
        store.close()
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = .warning
            return h
        }
        let pages = try await Pages.bundled()
        let app = try CadreApp(directory: storeOptions.directory, author: who, pages: pages)
        let sessions = AppSessions()
        let token = await sessions.pendingLoginToken ?? ""
        let open = !noBrowser
        let application = try AppServer.application(
            app: app, sessions: sessions, pages: pages, port: port, logger: Logger(label: "selaras.app")) { bound in
            let url = "http://\(AppServer.host):\(bound)/masuk?token=\(token)"
            Terminal.writeStdout("selaras app: buka \(url)\n(token sekali pakai; Ctrl-C untuk berhenti)\n")
            if open { Self.openBrowser(url) }
        }
        do {
            try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            await app.close()
            throw CLIError.failure("the app on \(AppServer.host):\(port) stopped: \(CLIError.sentence(String(describing: error)))")
        }
        await app.close()
    }

    /// Opens the default browser with `xdg-open` when there is a display and the tool exists.
    static func openBrowser(_ url: String) {
        let env = ProcessInfo.processInfo.environment
        guard env["DISPLAY"] != nil || env["WAYLAND_DISPLAY"] != nil,
              FileManager.default.isExecutableFile(atPath: "/usr/bin/xdg-open") else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/xdg-open")
        p.arguments = [url]
        try? p.run()
    }
}
