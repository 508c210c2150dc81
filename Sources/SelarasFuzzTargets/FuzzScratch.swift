#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A private scratch directory (`mkdtemp` under `$TMPDIR` or `/tmp`) where the harnesses of
/// readers that open paths write each input; removed when the process exits normally.
final class FuzzScratch: Sendable {
    /// The one directory of this process (libFuzzer runs inputs one at a time on one thread;
    /// the replay test also calls the harnesses one after another).
    static let shared = FuzzScratch()

    /// The directory's absolute path.
    let path: String

    private init() {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/selaras-fuzz.XXXXXX".utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buf in
            guard let p = mkdtemp(buf.baseAddress!) else { return nil }
            return String(cString: p)
        }
        guard let made else { fatalError("cannot create a scratch directory under \(base) (errno \(errno))") }
        path = made
        FuzzScratch.registerCleanup(made)
    }

    /// Writes `bytes` to `relative` under the directory (creating its parent folders),
    /// replacing what was there.
    /// - Returns: the file's absolute path.
    /// - Throws: ``FuzzScratchError`` when a folder or the file cannot be written.
    func write(_ bytes: UnsafeRawBufferPointer, to relative: String) throws -> String {
        let full = path + "/" + relative
        var folder = path
        for part in relative.split(separator: "/").dropLast() {
            folder += "/" + part
            if mkdir(folder, 0o700) != 0, errno != EEXIST { throw FuzzScratchError(path: folder, errno: errno) }
        }
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FuzzScratchError(path: full, errno: errno) }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            guard n > 0 else { throw FuzzScratchError(path: full, errno: errno) }
            done += n
        }
        return full
    }

    private static nonisolated(unsafe) var toRemove: String?

    private static func registerCleanup(_ directory: String) {
        toRemove = directory
        atexit {
            guard let dir = FuzzScratch.toRemove else { return }
            try? FileManager.default.removeItem(atPath: dir)
        }
    }
}

/// A scratch file or folder could not be written.
struct FuzzScratchError: Error, Sendable {
    /// The path.
    let path: String
    /// The `errno` of the failed call.
    let errno: Int32
}
