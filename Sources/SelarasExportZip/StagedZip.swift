import Crypto
import Foundation
import SelarasExport
import ZIPFoundation

/// A file an entry's bytes are written to before they are zipped, hashed as they go.
///
/// ZIPFoundation needs each entry's uncompressed size before its first byte, and dataset rows
/// are pushed to us (`forEachRow`), so each entry is staged as a file first: memory stays
/// bounded by the write buffer, whatever the size of the table.
public final class StagedFile {
    /// The file's path.
    public let path: String
    /// Bytes not yet written; callers append to it and call ``flushIfFull()``.
    public var buffer: [UInt8] = []
    private let handle: FileHandle
    private var hasher = SHA256()
    /// Bytes written so far (flushed ones).
    private(set) var size: Int64 = 0

    public init(path: String) throws {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw ExportError(.io, "cannot create \(path)")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 17)
    }

    /// Appends UTF-8 text to the buffer.
    public func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    /// Writes the buffer out once it holds 64 KiB or more.
    public func flushIfFull() throws { if buffer.count >= 1 << 16 { try flush() } }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        hasher.update(data: buffer)
        size += Int64(buffer.count)
        do { try handle.write(contentsOf: buffer) } catch {
            throw ExportError(.io, "cannot write \(path): \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes; returns the SHA-256 of everything written, in hex.
    @discardableResult
    public func finish() throws -> String {
        try flush()
        try? handle.close()
        return hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// Zip containers with deterministic bytes: entries in sorted order, every entry deflated,
/// dated 1980-01-01 00:00 (the DOS epoch) with mode 0644, no extra fields; the same entries
/// give the same bytes on every machine.
public enum DeterministicZip {
    /// The fixed entry date: 1980-01-01 00:00:00 UTC (ZIPFoundation converts with `gmtime`).
    static let entryDate = Date(timeIntervalSince1970: 315_532_800)

    /// A fresh scratch directory inside `directory` (same file system, so the finished
    /// archive can be renamed into place).
    public static func makeStagingDirectory(in directory: String) throws -> String {
        var template = Array((directory + "/.selaras-staging.XXXXXX").utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buf in
            guard let p = mkdtemp(buf.baseAddress!) else { return nil }
            return String(cString: p)
        }
        guard let made else { throw ExportError(.io, "cannot create a staging directory in \(directory)") }
        return made
    }

    /// Writes the archive `output` from staged files.
    /// - Parameters:
    ///   - entries: entry path in the archive → staged file path.
    ///   - output: the archive's final path (replaced if present).
    ///   - staging: the scratch directory the archive is built in before it is renamed.
    public static func write(_ entries: [String: String], to output: String, staging: String) throws {
        let scratch = staging + "/archive.zip"
        do {
            let archive = try Archive(url: URL(fileURLWithPath: scratch), accessMode: .create)
            for name in entries.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                let path = entries[name]!
                guard let handle = FileHandle(forReadingAtPath: path) else { throw ExportError(.io, "cannot read \(path)") }
                defer { try? handle.close() }
                let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber
                try archive.addEntry(with: name, type: .file, uncompressedSize: size?.int64Value ?? 0,
                                     modificationDate: entryDate, permissions: 0o644,
                                     compressionMethod: .deflate, bufferSize: 1 << 16) { _, chunk in
                    try handle.read(upToCount: chunk) ?? Data()
                }
            }
        } catch let error as ExportError {
            throw error
        } catch {
            throw ExportError(.io, "cannot write the zip archive \(output): \(error)")
        }
        // Make the archive durable before it takes the final name.
        let fd = open(scratch, O_RDONLY | O_CLOEXEC)
        if fd >= 0 { _ = fsync(fd); close(fd) }
        guard rename(scratch, output) == 0 else {
            throw ExportError(.io, "cannot move the archive to \(output): \(String(cString: strerror(errno)))")
        }
    }
}
