import ArgumentParser
import Foundation
import SelarasHub
import SelarasLog
import SelarasMerge
import SelarasModel

/// `--store DIR` (else `$SELARAS_HOME`, else `~/.selaras`) and `--author NAME`.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store directory (default: $SELARAS_HOME, else ~/.selaras).", valueName: "DIR"))
    var store: String?

    /// The directory to use.
    var directory: String {
        if let store { return store }
        let env = ProcessInfo.processInfo.environment
        if let home = env["SELARAS_HOME"], !home.isEmpty { return home }
        return (env["HOME"] ?? ".") + "/.selaras"
    }

    /// Opens the store, reporting any crash recovery on stderr.
    /// - Throws: `StoreError`; when a running hub holds the store, ``CLIError`` saying where it
    ///   serves and how to read its data instead.
    func open() throws -> Store {
        let s: Store
        do { s = try Store.open(at: directory) } catch let e as StoreError where e.code == .locked {
            guard let url = HubAddress.read(storeDirectory: directory) else { throw e }
            throw CLIError.failure("\(directory) is the store of the hub running at \(url), which holds it while it serves; see its data on the dashboard (`selaras hub login-link --store \(directory)` prints a link), download an export from it with an enrolled office or analyst laptop (`selaras download`), or stop the hub (SIGTERM) first")
        }
        for note in s.recoveryNotes { Terminal.error("selaras: recovered: \(note)") }
        return s
    }
}

/// `--author NAME`: who records (default `$SELARAS_AUTHOR`, else the store's label).
struct AuthorOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Who is recording (default: $SELARAS_AUTHOR, else the store's label).", valueName: "NAME"))
    var author: String?

    func resolve(_ store: Store) -> String {
        if let author, !author.isEmpty { return author }
        if let env = ProcessInfo.processInfo.environment["SELARAS_AUTHOR"], !env.isEmpty { return env }
        return store.metadata.label.isEmpty ? "replica \(store.replica)" : store.metadata.label
    }
}
