import Dispatch
import Foundation
import SelarasLog
import SelarasModel

extension ConsolidatedState {
    /// Folds every event of a store, on all cores.
    ///
    /// Each core reads every stream but folds only the events whose record falls in its
    /// shard (it reads the record's id from the event's first bytes), so the checking and
    /// decoding — the expensive part — is split between cores and no merge of partial results
    /// is needed. A create is checked as fully as decoding would but kept as its bytes
    /// (``EncodedCreate``), copied straight from the log into the shard's ``CreateArena``;
    /// other events are decoded.
    /// - Throws: ``StoreError`` (`.corrupt`) for a frame failing its checksum (checked by
    ///   SelarasLog, ``StoredFrame/checkedPayload()``), ``ModelError``
    ///   for an event that does not decode.
    /// - Parameters:
    ///   - store: the store.
    ///   - shards: how many shards (and cores) to fold into; nil for one per core, or one for
    ///     a small store. The merged records are the same whatever the count (tests use it to
    ///     check that nothing downstream depends on it).
    /// - Complexity: O(events), streaming the logs.
    public init(store: Store, shards requested: Int? = nil) throws {
        let total = Int(store.versionVector.totalEvents)
        let count = max(1, requested ?? (total < 20_000 ? 1 : ProcessInfo.processInfo.activeProcessorCount))
        nonisolated(unsafe) let store = store
        nonisolated(unsafe) var shards = [EntityTable](repeating: EntityTable(), count: count)
        nonisolated(unsafe) var counts = [Int](repeating: 0, count: count)
        nonisolated(unsafe) var failures = [(any Error)?](repeating: nil, count: count)
        let perShard = total / count + 1
        shards.withUnsafeMutableBufferPointer { shardBuffer in
            counts.withUnsafeMutableBufferPointer { countBuffer in
                failures.withUnsafeMutableBufferPointer { failureBuffer in
                    nonisolated(unsafe) let shardBuffer = shardBuffer
                    nonisolated(unsafe) let countBuffer = countBuffer
                    nonisolated(unsafe) let failureBuffer = failureBuffer
                    DispatchQueue.concurrentPerform(iterations: count) { k in
                        var mine = EntityTable(capacity: perShard)
                        // The shard's creates, packed into large chunks (the records keep them alive).
                        var arena = CreateArena()
                        var n = 0
                        do {
                            for stream in store.streams {
                                try store.forEachUncheckedFrame(in: stream, after: 0) { frame in
                                    if count > 1 {
                                        guard let dot = Event.peekEntityDot(frame.uncheckedPayload),
                                              Self.shard(of: dot, count: count) == k else { return }
                                    }
                                    let payload = try frame.checkedPayload()
                                    if let c = try Event.scanCreateBody(payload) {
                                        mine.update(EntityID(kind: c.kind, origin: c.dot)) { state in
                                            guard !state.isCreated else { return }
                                            state.applyCreate(arena.append(checkedBytes: UnsafeRawBufferPointer(rebasing: payload[c.body])))
                                        }
                                    } else {
                                        let e = try Event.decode(payload)
                                        mine.update(e.entity) { $0.apply(e) }
                                    }
                                    n += 1
                                }
                            }
                        } catch {
                            failureBuffer[k] = error
                        }
                        shardBuffer[k] = mine
                        countBuffer[k] = n
                    }
                }
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        self.init(shards: shards, eventCount: counts.reduce(0, +))
    }
}
