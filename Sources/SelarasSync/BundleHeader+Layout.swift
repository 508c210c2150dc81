import SelarasLog
import SelarasModel

extension BundleHeader {
    /// The file's opening bytes: magic, version, the header's length and the header itself.
    /// The one place both bundle writers take the layout from (see the type's documentation).
    func filePrefix() -> [UInt8] {
        var w = BinaryWriter()
        w.raw(BundleHeader.magic)
        w.u8(BundleHeader.version)
        let headerBytes = encode()
        w.u32(UInt32(headerBytes.count))
        w.raw(headerBytes)
        return w.bytes
    }

    /// Appends one event's frame of the body (length, CRC-32, canonical bytes), as
    /// ``BundleFrames`` reads it back.
    static func appendFrame(_ payload: UnsafeRawBufferPointer, to w: inout BinaryWriter) {
        w.u32(UInt32(payload.count))
        w.u32(Frame.crc32(payload))
        w.raw(payload)
    }
}
