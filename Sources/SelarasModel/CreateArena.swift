/// Append-only storage for the canonical bytes of many creates: large chunks filled one after
/// the other, so a million creates cost a few hundred allocations instead of a million.
///
/// Each create's bytes are written once, behind a varint length, and never moved or changed
/// afterwards; the ``EncodedCreate`` handed out holds a strong reference to its chunk, so it
/// (and any copy of it) reads correctly for as long as it lives, whatever happens to the arena.
///
/// Non-copyable: exactly one writer owns the free tail of the current chunk, so two copies can
/// never write the same bytes. Used by one thread at a time (a shard's fold).
package struct CreateArena: ~Copyable {
    /// The default chunk size: 256 KiB, about 3,000 growth checks.
    package static let defaultChunkSize = 256 << 10

    private let chunkSize: Int
    /// The chunk being filled, nil before the first create.
    private var chunk: CreateChunk?
    /// Bytes of `chunk` handed out so far.
    private var used = 0

    /// An empty arena that allocates chunks of `chunkSize` bytes (a create larger than that
    /// gets a chunk of its own).
    package init(chunkSize: Int = CreateArena.defaultChunkSize) {
        self.chunkSize = max(chunkSize, 16)
    }

    /// Copies one create's canonical bytes (author to the end of the fields, as checked by
    /// ``Event/scanCreateBody(_:)``) into the arena.
    /// - Complexity: O(size); allocates only when the current chunk is full.
    package mutating func append(checkedBytes body: UnsafeRawBufferPointer) -> EncodedCreate {
        let need = CreateChunk.prefixLength(body.count) + body.count
        if let chunk, chunk.capacity - used >= need {
            let create = chunk.write(body, at: used)
            used += need
            return create
        }
        let fresh = CreateChunk.make(capacity: max(need, chunkSize))
        let create = fresh.write(body, at: 0)
        if need < chunkSize {  // an oversized create does not replace the current chunk
            chunk = fresh
            used = need
        }
        return create
    }
}

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
