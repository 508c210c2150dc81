#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SelarasAnthro
import SelarasEntry
import SelarasExport
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

    /// Maps any error to the CLI's exit codes and one message: a full disk is always a
    /// failure (1) that says so; refused input is 2; anything else is 1 with its description.
    static func from(_ error: any Error) -> CLIError {
        if !(error is CLIError), let disk = diskFull(error) { return disk }
        switch error {
        case let e as CLIError: return e
        case let e as EntryError: return CLIError(exitCode: e.code == .notFound ? 1 : 2, message: e.description)
        case let e as ModelError: return .badInput(e.message)
        case let e as StoreError: return e.code == .undecodable ? .badInput(e.message) : .failure(e.description)
        case let e as HubError: return .failure(e.message)
        case let e as HubClientError: return .failure(e.message)
        case let e as SyncError: return .failure(e.message)
        case let e as ExportError: return CLIError(exitCode: e.code == .io ? 1 : 2, message: e.message)
        case let e as GrowthStandardsError: return .failure("the WHO growth standards could not be loaded (\(e))")
        case let e as SystemCallError: return .failure(e.description)
        case let e as CocoaError:
            let path = (e.userInfo[NSFilePathErrorKey] as? String).map { "\($0): " } ?? ""
            return .failure(path + Self.sentence(e.localizedDescription))
        default: return .failure(Self.sentence(String(describing: error)))
        }
    }

    /// `text` as one line (line breaks become "; ").
    static func sentence(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; ")
    }

    /// The `errno` a system call failed with somewhere in `error`'s chain of causes, if any.
    static func errno(in error: any Error) -> Int32? {
        var next: (any Error)? = error
        for _ in 0..<8 {
            guard let e = next else { return nil }
            switch e {
            case let s as SystemCallError: return s.errno
            case let s as StoreError: next = s.underlying
            case let s as SyncError: next = s.underlying
            case let s as ExportError: next = s.underlying
            case let s as HubClientError: next = s.underlying
            case let s as EntryError: next = s.underlying
            case let s as HubError: next = s.underlying
            case let s as POSIXError: return s.code.rawValue
            default: return nil
            }
        }
        return nil
    }

    /// "The disk is full" (exit 1) when a write failed for lack of space, else nil.
    static func diskFull(_ error: any Error) -> CLIError? {
        guard let code = errno(in: error), code == ENOSPC || code == EDQUOT else { return nil }
        return .failure("the disk is full (\(String(cString: strerror(code)))); free some space and run the command again")
    }
}
