import CSelarasZlib
import SelarasModel

/// The on-disk frame around each event: `length u32 LE | crc32 u32 LE | payload`.
///
/// The CRC-32 (zlib's) covers the payload. Log files start with a 32-byte header:
/// magic `SLRSLOG1`, the stream's origin `u64`, kelurahan `u16`, then zeros.
public enum Frame {
    /// Bytes before the payload.
    public static let overhead = 8
    /// The largest payload accepted (1 MiB); a larger length is damage.
    public static let maxPayload = 1 << 20
    /// Size of a log file's header.
    public static let logHeaderSize = 32
    static let logMagic: [UInt8] = Array("SLRSLOG1".utf8)

    /// CRC-32 of the bytes.
    public static func crc32(_ p: UnsafeRawBufferPointer) -> UInt32 {
        cselaras_crc32(0, p.baseAddress, p.count)
    }

    /// CRC-32 of earlier bytes (`crc`) continued over `p`: the CRC of a file written in pieces.
    public static func crc32(_ p: UnsafeRawBufferPointer, continuing crc: UInt32) -> UInt32 {
        cselaras_crc32(crc, p.baseAddress, p.count)
    }

    /// The header of a stream's log file.
    static func logHeader(for stream: StreamID) -> [UInt8] {
        var w = BinaryWriter(capacity: logHeaderSize)
        w.raw(logMagic)
        w.u64(stream.origin.rawValue)
        w.u16(stream.kelurahanCode)
        w.raw([UInt8](repeating: 0, count: logHeaderSize - w.bytes.count))
        return w.bytes
    }

    /// Appends a frame around an event's canonical bytes and returns the event's hash.
    /// O(size): one encode, one CRC, one SHA-256, no intermediate copies.
    static func append(_ event: Event, to w: inout BinaryWriter) -> EventHash {
        let start = w.bytes.count
        w.u64(0)
        event.encode(into: &w)
        let length = w.bytes.count - start - overhead
        return w.bytes.withUnsafeMutableBytes { p in
            let payload = UnsafeRawBufferPointer(rebasing: p[(start + overhead)...])
            p.storeBytes(of: UInt32(length).littleEndian, toByteOffset: start, as: UInt32.self)
            p.storeBytes(of: crc32(payload).littleEndian, toByteOffset: start + 4, as: UInt32.self)
            return EventHash.of(payload)
        }
    }
}
