/// One block of create bytes: each create is a LEB128 length followed by its bytes.
///
/// `@unchecked Sendable` because the bytes are plain memory the compiler cannot reason about.
/// It is sound because a range is written exactly once, by the one ``CreateArena`` (or the one
/// initializer) that owns the chunk's free tail, before the ``EncodedCreate`` that refers to it
/// exists; afterwards the range is only read. Writes to the free tail never touch a range an
/// ``EncodedCreate`` refers to, and `capacity` never changes.
package final class CreateChunk: @unchecked Sendable {
    /// Usable bytes.
    package let capacity: Int
    private let base: UnsafeMutableRawPointer

    private init(capacity: Int) {
        self.capacity = capacity
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 1)
    }

    deinit { base.deallocate() }

    /// A chunk of `capacity` bytes.
    static func make(capacity: Int) -> CreateChunk { CreateChunk(capacity: capacity) }

    /// A chunk holding exactly one create's bytes (for a create made without an arena).
    static func single(_ body: UnsafeRawBufferPointer) -> EncodedCreate {
        make(capacity: prefixLength(body.count) + body.count).write(body, at: 0)
    }

    /// Bytes of the LEB128 length of `n`.
    static func prefixLength(_ n: Int) -> Int {
        var k = 1, v = n >> 7
        while v > 0 { k += 1; v >>= 7 }
        return k
    }

    /// Writes `body` behind its length at `offset` (which must be free).
    func write(_ body: UnsafeRawBufferPointer, at offset: Int) -> EncodedCreate {
        precondition(offset + Self.prefixLength(body.count) + body.count <= capacity && offset <= Int(UInt32.max))
        var i = offset, n = body.count
        while n >= 0x80 {
            base.storeBytes(of: UInt8(truncatingIfNeeded: n) | 0x80, toByteOffset: i, as: UInt8.self)
            n >>= 7
            i += 1
        }
        base.storeBytes(of: UInt8(n), toByteOffset: i, as: UInt8.self)
        i += 1
        if body.count > 0 { (base + i).copyMemory(from: body.baseAddress!, byteCount: body.count) }
        return EncodedCreate(chunk: self, start: UInt32(offset))
    }

    /// Calls `body` with the create stored at `start`.
    @inline(__always)
    func withCreate<R>(at start: UInt32, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var i = Int(start), n = 0, shift = 0
        while true {
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            i += 1
            n |= Int(b & 0x7F) << shift
            if b < 0x80 { break }
            shift += 7
        }
        return withExtendedLifetime(self) { body(UnsafeRawBufferPointer(start: base + i, count: n)) }
    }
}
