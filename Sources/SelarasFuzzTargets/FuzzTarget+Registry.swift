import SelarasHub
import SelarasLog

extension FuzzTarget {
    /// Writes `data` as `STORE/hub/registry` of a scratch store and reads the registry the way
    /// the hub does (shared lock, decode). The file ends with a CRC-32 of the rest, which
    /// random mutations nearly always break; so that they reach the decoder, the harness
    /// rewrites the last 4 bytes of an input of 13 bytes or more with the right CRC (the
    /// checksum refusal itself is one comparison). Every thrown refusal is fine.
    /// - Parameter data: the registry file's bytes (the CRC is recomputed).
    /// - Returns: whether the registry decoded.
    @discardableResult
    public static func fuzzRegistry(_ data: UnsafeRawBufferPointer) -> Bool {
        var bytes = [UInt8](data)
        if bytes.count >= 13 {
            let crc = bytes.dropLast(4).withUnsafeBytes { Frame.crc32($0) }
            withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange(bytes.count - 4..<bytes.count, with: $0) }
        }
        let scratch = FuzzScratch.shared
        guard (try? scratch.write(UnsafeRawBufferPointer(start: nil, count: 0), to: "store/replica")) != nil,
              (try? bytes.withUnsafeBytes { try scratch.write($0, to: "store/hub/registry") }) != nil,
              let file = try? RegistryFile(storeDirectory: scratch.path + "/store") else { return false }
        return (try? file.read()) != nil
    }
}
