/// Reads what ``BinaryWriter`` writes, refusing anything that is not the minimal canonical form
/// (overlong varints, truncated data, invalid UTF-8).
public struct BinaryReader: ~Copyable {
    @usableFromInline let base: UnsafeRawBufferPointer
    /// The read position.
    public private(set) var offset: Int

    /// Reads from a buffer that must outlive the reader.
    public init(_ base: UnsafeRawBufferPointer) {
        self.base = base
        self.offset = 0
    }

    /// Bytes not yet read.
    public var remaining: Int { base.count - offset }

    private func fail(_ what: String) -> ModelError {
        ModelError(.malformedEncoding, "malformed encoding at byte \(offset): \(what)")
    }

    /// Reads one byte.
    @inline(__always)
    public mutating func u8() throws(ModelError) -> UInt8 {
        guard offset < base.count else { throw fail("unexpected end") }
        defer { offset += 1 }
        return base[offset]
    }

    /// Reads a 16-bit little-endian integer.
    @inline(__always)
    public mutating func u16() throws(ModelError) -> UInt16 {
        guard remaining >= 2 else { throw fail("unexpected end") }
        defer { offset += 2 }
        return UInt16(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// Reads a 32-bit little-endian integer.
    @inline(__always)
    public mutating func u32() throws(ModelError) -> UInt32 {
        guard remaining >= 4 else { throw fail("unexpected end") }
        defer { offset += 4 }
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Reads a 64-bit little-endian integer.
    @inline(__always)
    public mutating func u64() throws(ModelError) -> UInt64 {
        guard remaining >= 8 else { throw fail("unexpected end") }
        defer { offset += 8 }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Reads a minimal LEB128 varint.
    @inline(__always)
    public mutating func varint() throws(ModelError) -> UInt64 {
        // One byte (values below 128) is the common case.
        if offset < base.count, base[offset] < 0x80 {
            offset += 1
            return UInt64(base[offset - 1])
        }
        return try longVarint()
    }

    @inline(never)
    private mutating func longVarint() throws(ModelError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try u8()
            if shift == 63, b > 1 { throw fail("varint overflows 64 bits") }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 {
                if b == 0, shift > 0 { throw fail("overlong varint") }
                return result
            }
            shift += 7
            if shift > 63 { throw fail("varint too long") }
        }
    }

    /// The varint at the read position, without moving past it (for a length to check
    /// before reading what it counts).
    public func peekVarint() throws(ModelError) -> UInt64 {
        var copy = BinaryReader(base)
        copy.offset = offset
        return try copy.varint()
    }

    /// Reads a zig-zag varint.
    @inline(__always)
    public mutating func zigzag() throws(ModelError) -> Int64 {
        let u = try varint()
        return Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1)
    }

    /// Reads `count` raw bytes.
    @inline(__always)
    public mutating func bytes(_ count: Int) throws(ModelError) -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else { throw fail("unexpected end") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: base[offset..<offset + count])
    }

    /// Steps over a length-prefixed UTF-8 string of at most `maxLength` bytes, with the
    /// checks of ``string(maxLength:)`` but without making a `String` of ASCII text.
    public mutating func skipString(maxLength: Int = 1 << 20) throws(ModelError) {
        _ = try stringBytes(maxLength: maxLength)
    }

    /// Reads a length-prefixed UTF-8 string of at most `maxLength` bytes as its bytes (valid
    /// while the buffer is), with the checks of ``string(maxLength:)``.
    public mutating func stringBytes(maxLength: Int = 1 << 20) throws(ModelError) -> UnsafeRawBufferPointer {
        let n = try varint()
        guard n <= UInt64(maxLength) else { throw fail("string longer than \(maxLength) bytes") }
        let raw = try bytes(Int(n))
        let p = raw.assumingMemoryBound(to: UInt8.self)
        if !p.allSatisfy({ $0 < 0x80 }) {
            guard String(decoding: p, as: UTF8.self).utf8.elementsEqual(p) else { throw fail("invalid UTF-8") }
        }
        return raw
    }

    /// Reads a length-prefixed UTF-8 string of at most `maxLength` bytes.
    public mutating func string(maxLength: Int = 1 << 20) throws(ModelError) -> String {
        let n = try varint()
        guard n <= UInt64(maxLength) else { throw fail("string longer than \(maxLength) bytes") }
        let p = try bytes(Int(n)).assumingMemoryBound(to: UInt8.self)
        let s = String(decoding: p, as: UTF8.self)
        // Decoding repairs invalid UTF-8; the bytes were valid exactly when nothing changed.
        if !p.allSatisfy({ $0 < 0x80 }) {
            guard s.utf8.elementsEqual(p) else { throw fail("invalid UTF-8") }
        }
        return s
    }
}
