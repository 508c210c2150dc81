import Dispatch
import Foundation
import SelarasLog
import SelarasModel

extension ConsolidatedState {
    /// Folds every event of a store, on all cores.
    ///
    /// Each core reads every stream but decodes only the events whose record falls in its
    /// shard (it reads the record's id from the event's first bytes), so decoding — the
    /// expensive part — is split between cores and no merge of partial results is needed.
    /// - Complexity: O(events), streaming the logs.
    public init(store: Store) throws {
        let count = store.versionVector.totalEvents < 20_000 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard count > 1 else {
            self.init()
            try store.forEachEvent { apply($0) }
            return
        }
        nonisolated(unsafe) let store = store
        nonisolated(unsafe) var shards = [[EntityID: EntityState]](repeating: [:], count: count)
        nonisolated(unsafe) var counts = [Int](repeating: 0, count: count)
        nonisolated(unsafe) var failure: (any Error)? = nil
        let perShard = Int(store.versionVector.totalEvents) / count + 1
        shards.withUnsafeMutableBufferPointer { shardBuffer in
            counts.withUnsafeMutableBufferPointer { countBuffer in
                nonisolated(unsafe) let shardBuffer = shardBuffer
                nonisolated(unsafe) let countBuffer = countBuffer
                DispatchQueue.concurrentPerform(iterations: count) { k in
                    var mine: [EntityID: EntityState] = [:]
                    mine.reserveCapacity(perShard)
                    var n = 0
                    do {
                        for stream in store.streams {
                            try store.forEachUncheckedFrame(in: stream, after: 0) { seq, payload in
                                guard let dot = Self.peekEntityDot(payload),
                                      Self.shard(of: dot, count: count) == k else { return }
                                let crc = UInt32(littleEndian: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(start: payload.baseAddress! - 4, count: 4)[0...]).loadUnaligned(as: UInt32.self))
                                guard Frame.crc32(payload) == crc else {
                                    throw StoreError(.corrupt, "stream \(stream): the event of seq \(seq) fails its checksum; run `selaras verify`")
                                }
                                let e = try Event.decode(payload)
                                mine[e.entity, default: EntityState(id: e.entity)].apply(e)
                                n += 1
                            }
                        }
                    } catch {
                        failure = error
                    }
                    shardBuffer[k] = mine
                    countBuffer[k] = n
                }
            }
        }
        if let failure { throw failure }
        self.init(shards: shards, eventCount: counts.reduce(0, +))
    }

    /// The creating dot of the record an encoded event touches, read from the event's first
    /// bytes without decoding the rest (see the layout in `Event+Codec.swift`).
    static func peekEntityDot(_ p: UnsafeRawBufferPointer) -> Dot? {
        var r = BinaryReader(p)
        guard let version = try? r.u8(), version == Event.formatVersion,
              let origin = try? r.u64(), let kel = try? r.u16(), let seq = try? r.varint(),
              (try? r.bytes(32)) != nil, let op = try? r.u8() else { return nil }
        if op == 1 { return Dot(stream: StreamID(origin: ReplicaID(rawValue: origin), kelurahanCode: kel), seq: seq) }
        guard (try? r.u8()) != nil, let eo = try? r.u64(), let ek = try? r.u16(), let es = try? r.varint() else { return nil }
        return Dot(stream: StreamID(origin: ReplicaID(rawValue: eo), kelurahanCode: ek), seq: es)
    }
}
