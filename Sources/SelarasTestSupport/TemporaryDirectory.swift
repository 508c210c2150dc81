#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A fresh directory under `/tmp` (made with `mkdtemp`) for one test, removed with everything
/// in it on ``cleanup()`` or when the value is deinitialised.
public final class TemporaryDirectory {
    /// The absolute path of the directory.
    public let path: String
    private var removed = false

    /// Creates a new empty directory `/tmp/<prefix>.XXXXXX`.
    /// - Parameter prefix: a readable prefix for the directory name.
    /// - Throws: ``TemporaryDirectoryError`` when `mkdtemp` fails.
    public init(prefix: String = "selaras-test") throws {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buf in
            guard let p = mkdtemp(buf.baseAddress!) else { return nil }
            return String(cString: p)
        }
        guard let made else { throw TemporaryDirectoryError(errno: errno) }
        path = made
    }

    /// The path of `name` inside the directory (nothing is created).
    public func child(_ name: String) -> String { path + "/" + name }

    /// The directory as a file URL.
    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// Removes the directory and its contents now (idempotent).
    public func cleanup() {
        guard !removed else { return }
        removed = true
        try? FileManager.default.removeItem(atPath: path)
    }

    deinit { cleanup() }
}

@available(*, unavailable)
extension TemporaryDirectory: Sendable {}

/// `mkdtemp` failed.
public struct TemporaryDirectoryError: Error, Sendable, CustomStringConvertible {
    /// The `errno` reported.
    public let errno: Int32
    /// A sentence for people.
    public var description: String { "could not create a temporary directory: \(String(cString: strerror(errno)))" }
}
