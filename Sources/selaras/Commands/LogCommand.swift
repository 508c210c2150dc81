import ArgumentParser
import SelarasLog
import SelarasModel

/// `selaras log`.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List the events in the store, stream by stream.",
        discussion: "Examples:\n  selaras log\n  selaras log --origin 9f86d081884c7d65 --json"
    )
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("Only events written by this replica (16 hex digits).", valueName: "ID"))
    var origin: String?
    @Flag(help: "One JSON object per line.") var json = false

    func run() throws {
        var originID: ReplicaID? = nil
        if let origin {
            guard let id = ReplicaID(hex: origin) else { throw CLIError.badInput("--origin: '\(origin)' is not a replica id (16 hex digits)") }
            originID = id
        }
        let store = try storeOptions.open()
        for stream in store.streams where originID == nil || stream.origin == originID {
            for e in try store.events(in: stream) { print(json ? EventJSON.line(EventJSON.object(e)) : EventJSON.text(e)) }
        }
    }
}
