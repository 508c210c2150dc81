import SelarasEntry
import SelarasHub
import SelarasHubClient
import SelarasSync
import SelarasLog
import SelarasModel

/// A failure to report on stderr with the exit code the CLI promises:
/// 1 for a failure, 2 for bad input.
struct CLIError: Error {
    /// Exit status.
    let exitCode: Int32
    /// The lines to print.
    let message: String

    static func badInput(_ message: String) -> CLIError { CLIError(exitCode: 2, message: message) }
    static func failure(_ message: String) -> CLIError { CLIError(exitCode: 1, message: message) }

    /// Maps library errors to the CLI's exit codes and messages.
    static func from(_ error: any Error) -> CLIError? {
        switch error {
        case let e as CLIError: return e
        case let e as EntryError: return CLIError(exitCode: e.code == .notFound ? 1 : 2, message: e.description)
        case let e as ModelError: return .badInput(e.message)
        case let e as StoreError: return .failure(e.description)
        case let e as HubError: return .failure(e.message)
        case let e as HubClientError: return .failure(e.message)
        case let e as SyncError: return .failure(e.message)
        default: return nil
        }
    }
}
