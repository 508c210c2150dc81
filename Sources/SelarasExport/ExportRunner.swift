import Crypto
import Foundation

/// Runs an exporter into a directory and writes `SHA256SUMS` for the files it made
/// (sorted by name, `sha256sum -c` format).
public enum ExportRunner {
    /// One file written.
    public struct File: Sendable, Hashable {
        /// Name relative to the export directory.
        public let name: String
        /// Size in bytes.
        public let bytes: UInt64
        /// SHA-256, hex.
        public let sha256: String
    }

    /// Exports and writes the manifest.
    /// - Returns: the files, manifest last.
    public static func run(_ exporter: any Exporter, dataset: Dataset, directory: String,
                           progress: ExportProgress = .none) throws -> [File] {
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw ExportError(.io, "cannot create \(directory): \(error.localizedDescription)")
        }
        let names = try exporter.export(dataset, to: directory, progress: progress).sorted()
        var files: [File] = []
        for name in names {
            let path = directory + "/" + name
            guard let handle = FileHandle(forReadingAtPath: path) else { throw ExportError(.io, "cannot read back \(path)") }
            var hasher = SHA256()
            var size: UInt64 = 0
            while true {
                let chunk = handle.readData(ofLength: 1 << 20)
                if chunk.isEmpty { break }
                hasher.update(data: chunk)
                size += UInt64(chunk.count)
            }
            try? handle.close()
            files.append(File(name: name, bytes: size, sha256: hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()))
        }
        let manifest = files.map { "\($0.sha256)  \($0.name)\n" }.joined()
        let m = try ExportFile(path: directory + "/SHA256SUMS")
        try m.write(manifest)
        try m.close()
        files.append(File(name: "SHA256SUMS", bytes: UInt64(manifest.utf8.count),
                          sha256: SHA256.hash(data: Array(manifest.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()))
        return files
    }
}
