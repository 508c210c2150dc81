import Foundation
import Logging
import PostgresNIO
import SelarasDashboard
import SelarasMerge
import SelarasModel
import SelarasSync

extension PostgresHubStorage {
    public nonisolated(nonsending) func forEachEvent(after vector: VersionVector, scope: Set<UInt16>?,
                                                     _ body: (StreamID, UInt64, Event) throws -> Void) async throws {
        do {
            try await client.withConnection { c in
                for h in try await Self.heads(c, logger: logger) where h.seq > vector[h.stream] && (scope?.contains(h.stream.kelurahanCode) ?? true) {
                    try await eachEvent(h.stream, after: vector[h.stream], through: h.seq, on: c) { seq, _, event in try body(h.stream, seq, event) }
                }
            }
        } catch { throw Self.unwrap(error, "read the hub's events") }
    }

    public nonisolated(nonsending) func foldState() async throws -> (state: ConsolidatedState, vector: VersionVector) {
        var state = ConsolidatedState()
        var vector = VersionVector()
        try await forEachEvent(after: VersionVector(), scope: nil) { stream, seq, event in
            state.apply(event)
            vector[stream] = seq
        }
        return (state, vector)
    }

    public nonisolated(nonsending) func waitingSegments() async throws -> [WaitingSegment] {
        do {
            return try await client.withConnection { c in
                var vv = VersionVector()
                for h in try await Self.heads(c, logger: logger) { vv[h.stream] = h.seq }
                let rows = try await c.query("SELECT origin, kelurahan, seq FROM waiting_events ORDER BY origin, kelurahan, seq", logger: logger)
                var runs: [(stream: StreamID, first: UInt64, last: UInt64)] = []
                for try await (o, k, seq) in rows.decode((Int64, Int16, Int64).self) {
                    let row = RowCheck(table: "waiting_events", row: "origin \(ReplicaID(rawValue: UInt64(bitPattern: o))) seq \(seq)")
                    let s = try StreamID.fromColumns(origin: o, kelurahan: k, row)
                    try row.check(seq >= 1, "seq", "\(seq)", "1 or more")
                    if let last = runs.last, last.stream == s, last.last + 1 == UInt64(seq) {
                        runs[runs.count - 1].last = UInt64(seq)
                    } else {
                        runs.append((s, UInt64(seq), UInt64(seq)))
                    }
                }
                return runs.filter { $0.last > vv[$0.stream] }.map {
                    WaitingSegment(stream: $0.stream, firstSeq: $0.first, lastSeq: $0.last, missingFrom: vv[$0.stream] + 1)
                }
            }
        } catch { throw Self.unwrap(error, "read the hub's waiting events") }
    }

    /// Appends one of the hub's own events in one transaction under its origin's advisory lock.
    public nonisolated(nonsending) func record(_ draft: EventDraft) async throws -> Event {
        let s = StreamID(origin: replica, kelurahanCode: draft.kelurahanCode)
        do {
            return try await client.withTransaction(logger: logger) { c in
                try await c.query("SELECT pg_advisory_xact_lock(\(s.originColumn))", logger: logger)
                let head = try await Self.head(of: s, c, logger: logger)
                let event = draft.event(at: Dot(stream: s, seq: (head?.seq ?? 0) + 1), previousHash: head?.hash ?? .zero)
                let bytes = event.encoded
                // An event the decoder would refuse is never written (as in a store's log).
                do { _ = try Event.decode(bytes) } catch {
                    throw DatabaseError(.badRow, "event \(event.dot) was not written because it could not be read back: \(error)")
                }
                try await insert(into: "events", s, firstSeq: event.dot.seq, hashes: [event.hash][...], payloads: [bytes][...], on: c)
                try await setHead(s, seq: event.dot.seq, hash: event.hash, signature: nil, on: c)
                try await notifyEvents(on: c)
                return event
            }
        } catch { throw Self.unwrap(error, "record the hub's event") }
    }

    /// Writes the answer bundle from the database: the streams in scope whose head is beyond
    /// what the recipient has, each up to its signed head (the hub signs its own), every
    /// event read back checked.
    public nonisolated(nonsending) func writeAnswer(to path: String, assumed: VersionVector, scope: Set<UInt16>?) async throws -> UInt64 {
        do {
            return try await client.withConnection { c in
                let heads = try await Self.heads(c, logger: logger).filter { scope?.contains($0.stream.kelurahanCode) ?? true }
                var covers = VersionVector()
                for h in heads { covers[h.stream] = h.seq }
                var plans: [BundleWriter.PlannedSection] = []
                var keys: [ReplicaID: [UInt8]] = [:]
                let known = try await Self.keys(c, logger: logger)
                for h in heads where h.seq > assumed[h.stream] {
                    let signed: SignedHead
                    if h.stream.origin == replica {
                        signed = SignedHead(stream: h.stream, seq: h.seq, hash: h.hash,
                                            signature: try sign(SignedHead.message(stream: h.stream, seq: h.seq, hash: h.hash)))
                        keys[replica] = publicKey
                    } else {
                        guard let signature = h.signature, let key = known[h.stream.origin] else { continue }
                        signed = SignedHead(stream: h.stream, seq: h.seq, hash: h.hash, signature: signature)
                        keys[h.stream.origin] = key
                    }
                    let first = assumed[h.stream] + 1
                    let bytes = try await frameBytes(h.stream, first: first, last: h.seq, on: c)
                    plans.append(BundleWriter.PlannedSection(firstSeq: first, head: signed, byteCount: bytes))
                }
                let sink = try BundleWriter.EventSink(to: path, creator: replica, creatorKey: publicKey, sign: { [identity] in try identity.sign($0) },
                                                      assumed: assumed, covers: covers, keys: keys, sections: plans)
                do {
                    for p in plans {
                        try await eachEvent(p.head.stream, after: p.firstSeq - 1, through: p.head.seq, on: c) { _, body, _ in
                            try body.withUnsafeBytes { try sink.append($0) }
                        }
                    }
                    return try sink.finish().events
                } catch {
                    sink.abandon()
                    throw error
                }
            }
        } catch { throw Self.unwrap(error, "write the answer bundle") }
    }

    /// Bytes of the frames of seqs `first…last` of a stream (8 per event plus its bytes), checked
    /// to be exactly that many events.
    private nonisolated(nonsending) func frameBytes(_ s: StreamID, first: UInt64, last: UInt64, on c: PostgresConnection) async throws -> UInt64 {
        let rows = try await c.query("""
            SELECT count(*), coalesce(sum(octet_length(body)), 0)::bigint FROM events
            WHERE origin = \(s.originColumn) AND kelurahan = \(s.kelurahanColumn) AND seq BETWEEN \(Int64(first)) AND \(Int64(last))
            """, logger: logger)
        var out: UInt64 = 0
        for try await (n, bytes) in rows.decode((Int64, Int64).self) {
            guard n == Int64(last - first + 1), bytes >= 0 else {
                throw DatabaseError(.badRow, "the database's events of stream \(s) hold \(n) rows for seqs \(first)…\(last), not \(last - first + 1); they were not used")
            }
            out = UInt64(bytes) + UInt64(n) * 8
        }
        return out
    }

    /// Reads a stream's events after `after` through `through`, in seq order, each checked
    /// (``StoredEvent``) and chained to the one before.
    /// - Throws: ``DatabaseError`` `.badRow` for a row out of range, a gap, or a broken chain.
    nonisolated(nonsending) func eachEvent(_ s: StreamID, after: UInt64, through: UInt64, on c: PostgresConnection,
                   _ body: (UInt64, Data, Event) async throws -> Void) async throws {
        guard through > after else { return }
        let from = max(after, 1)
        let rows = try await c.query("""
            SELECT seq, hash, body FROM events
            WHERE origin = \(s.originColumn) AND kelurahan = \(s.kelurahanColumn) AND seq BETWEEN \(Int64(from)) AND \(Int64(through))
            ORDER BY seq
            """, logger: logger)
        var expected = from
        var previous = EventHash.zero
        for try await (seq, hash, bytes) in rows.decode((Int64, Data, Data).self) {
            let row = RowCheck(table: "events", row: "\(s)#\(seq)")
            try row.check(seq == Int64(expected), "seq", "\(seq)", "\(expected) (a stream's events have no gap)")
            try row.check(hash.count == 32, "hash", "\(hash.count) bytes", "32 bytes")
            let h = EventHash(bytes: hash)
            expected += 1
            if after > 0 && seq == Int64(after) {
                previous = h
                continue
            }
            let event = try StoredEvent.decode(bytes, stream: s, seq: UInt64(seq), hash: h, table: "events")
            try row.check(event.previousHash == previous, "body", "an event naming another predecessor", "the hash of \(s)#\(seq - 1)")
            try await body(UInt64(seq), bytes, event)
            previous = h
        }
        guard expected == through + 1 else {
            throw DatabaseError(.badRow, "the database's events of stream \(s) stop at seq \(expected - 1), before its head at seq \(through); they were not used")
        }
    }
}

extension PostgresHubStorage {
    /// LISTENs on ``eventsChannel`` (a connection of the pool held meanwhile) and calls
    /// `changed` for each notification, until the task is cancelled. Notifications of this
    /// process's own appends arrive too: folding in what is already folded costs one query.
    public nonisolated(nonsending) func watchOtherWriters(_ changed: () async -> Void) async throws {
        do {
            try await client.withConnection { c in
                try await c.listen(on: Self.eventsChannel) { notifications in
                    for try await _ in notifications { await changed() }
                }
            }
        } catch where Task.isCancelled {
            return
        } catch { throw Self.unwrap(error, "listen for other hub processes' events") }
    }
}
