/// Appends little-endian fixed-width integers, LEB128 varints and length-prefixed strings to a
/// byte buffer. Used for every binary format in Selaras (events, frames, bundles).
public struct BinaryWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8]

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends one byte.
    @inlinable public mutating func u8(_ v: UInt8) { bytes.append(v) }

    /// Appends a 16-bit little-endian integer.
    @inlinable public mutating func u16(_ v: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: v)); bytes.append(UInt8(truncatingIfNeeded: v >> 8))
    }

    /// Appends a 32-bit little-endian integer.
    @inlinable public mutating func u32(_ v: UInt32) {
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (UInt32(i) * 8))) }
    }

    /// Appends a 64-bit little-endian integer.
    @inlinable public mutating func u64(_ v: UInt64) {
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (UInt64(i) * 8))) }
    }

    /// Appends an unsigned LEB128 varint (minimal form).
    @inlinable public mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Appends a signed integer as a zig-zag varint.
    @inlinable public mutating func zigzag(_ v: Int64) {
        varint(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    /// Appends a varint length and the UTF-8 bytes of a string.
    @inlinable public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { p in
            varint(UInt64(p.count))
            bytes.append(contentsOf: p)
        }
    }

    /// Appends raw bytes.
    @inlinable public mutating func raw(_ b: some Sequence<UInt8>) { bytes.append(contentsOf: b) }
}
