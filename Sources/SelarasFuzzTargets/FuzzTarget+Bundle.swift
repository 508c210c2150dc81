import Crypto
import SelarasCompression
import SelarasSync

extension FuzzTarget {
    /// Seals an unsealed bundle (see ``fuzzBundle(_:)``): compresses the body, appends the
    /// SHA-256 of everything before the trailer and the given key's signature of it.
    /// - Parameter data: a 32-byte Ed25519 private key, then the bundle file's magic, version,
    ///   header length, header, then its frames *uncompressed* (no trailer).
    /// - Returns: the bytes of a bundle file whose digest is right and whose creator's
    ///   signature verifies whenever the header names that key's replica as creator.
    public static func sealBundle(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        let keyBytes = [UInt8](data.prefix(32))
        let bytes = [UInt8](data.dropFirst(32))
        var split = bytes.count
        if bytes.count >= 13 {
            let headerLength = Int(bytes[9]) | Int(bytes[10]) << 8 | Int(bytes[11]) << 16 | Int(bytes[12]) << 24
            split = min(bytes.count, 13 + headerLength)
        }
        var file = Array(bytes[0..<split])
        if let body = try? Deflater.compress(Array(bytes[split...]), level: 1, format: .zlib) { file += body }
        let digest = Array(SHA256.hash(data: file))
        file += digest
        if let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: keyBytes),
           let signature = try? key.signature(for: digest) {
            file += Array(signature)
        }
        return file
    }

    /// Verifies a bundle made from `data`, which is a bundle file *unsealed*: the creator's
    /// private key first, the body not compressed, no trailer. The harness compresses the body
    /// and signs it (see ``sealBundle(_:)``), so mutations reach the header, inflate, frame and
    /// event checks instead of all stopping at the digest. The file is written to a scratch path
    /// (the reader opens paths; there is no in-memory API). Every thrown refusal is fine.
    /// - Parameter data: an unsealed bundle.
    /// - Returns: whether the bundle verified.
    @discardableResult
    public static func fuzzBundle(_ data: UnsafeRawBufferPointer) -> Bool {
        let file = sealBundle(data)
        guard let path = try? file.withUnsafeBytes({ try FuzzScratch.shared.write($0, to: "bundle") }) else { return false }
        return (try? VerifiedBundle.read(path, name: "fuzz.bundle")) != nil
    }
}
