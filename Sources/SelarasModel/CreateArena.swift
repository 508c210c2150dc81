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
