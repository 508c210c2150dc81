#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import Hummingbird

/// Request bodies streamed to staging files and staging files streamed as response bodies:
/// no whole bundle or export is held in memory.
enum StagedFile {
    /// Writes a request body to `path`, refusing it (413) once it passes `limit` bytes.
    /// - Returns: SHA-256 of the body.
    static func receive(_ body: RequestBody, to path: String, limit: Int) async throws -> [UInt8] {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HubError.io("could not create a staging file (errno \(errno))") }
        defer { close(fd) }
        var hasher = SHA256()
        var total = 0
        for try await buffer in body {
            total += buffer.readableBytes
            guard total <= limit else { throw tooLarge(limit) }
            try buffer.withUnsafeReadableBytes { p in
                hasher.update(bufferPointer: p)
                var done = 0
                while done < p.count {
                    let n = write(fd, p.baseAddress! + done, p.count - done)
                    guard n > 0 else { throw HubError.io("could not write a staging file (errno \(errno))") }
                    done += n
                }
            }
        }
        return Array(hasher.finalize())
    }

    /// The 413 refusal.
    static func tooLarge(_ limit: Int) -> HubError {
        HubError(status: 413, code: "too-large", "the upload is larger than this hub's limit of \(limit) bytes (\(limit >> 20) MiB); nothing was imported — sync more often, or ask the office to raise --max-upload-mb")
    }

    /// A response body that streams a file and then removes `removing` (the file or its folder).
    static func body(streaming path: String, removing: String, context: some RequestContext) async throws -> ResponseBody {
        var st = stat()
        guard stat(path, &st) == 0 else { throw HubError.io("a staged file vanished before it was sent") }
        let inner = try await FileIO().loadFile(path: path, context: context)
        return ResponseBody(contentLength: Int(st.st_size)) { writer in
            do {
                try await inner.write(writer)
            } catch {
                try? FileManager.default.removeItem(atPath: removing)
                throw error
            }
            try? FileManager.default.removeItem(atPath: removing)
        }
    }
}
