import Crypto
import Foundation

/// SHA-256 of files, read in 1 MiB chunks.
public enum FileDigest {
    /// SHA-256 of a file's bytes.
    public static func sha256(of path: String) throws -> [UInt8] {
        guard let h = FileHandle(forReadingAtPath: path) else { throw HubClientError(code: "io", "\(path) cannot be read") }
        defer { try? h.close() }
        var hasher = SHA256()
        while let chunk = try h.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return Array(hasher.finalize())
    }

    /// SHA-256 of a file's bytes, lowercase hex.
    public static func sha256Hex(of path: String) throws -> String {
        try sha256(of: path).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
