import ArgumentParser
import SelarasLog

/// `selaras verify`.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every frame, checksum and hash chain; exit 0 when the store is sound, 1 when not.",
        discussion: "Reads everything and changes nothing.\n\nExample:\n  selaras verify --store lap1"
    )
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open()
        let report = store.verify()
        guard report.isSound else {
            throw CLIError.failure("the store is damaged:\n" + report.problems.joined(separator: "\n"))
        }
        print("sound: \(report.events) events in \(report.streams) streams, \(report.bytes) bytes; every checksum and hash chain verified")
    }
}
