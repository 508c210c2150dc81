import Foundation
import Logging
import PostgresNIO
import SelarasModel
import SelarasSync

extension PostgresHubStorage {
    /// What applying does with one section of a verified bundle.
    enum SectionAction {
        /// Everything is already held.
        case skip
        /// Insert its events from this index on (they continue the stream).
        case append(from: Int)
        /// Keep them waiting (they start beyond a gap).
        case pend
    }

    /// Applies a verified bundle in one transaction: the origins of its sections locked
    /// (`pg_advisory_xact_lock`, in id order), its keys checked against the known ones, each
    /// section checked against the held events and the waiting ones (a difference is a fork),
    /// then `INSERT … ON CONFLICT DO NOTHING` of what continues a stream, the rest kept waiting,
    /// waiting runs that now continue their stream moved over, and a NOTIFY on
    /// ``eventsChannel`` (delivered at commit). A refusal or failure changes nothing.
    public nonisolated(nonsending) func apply(_ bundle: VerifiedBundle, name: String) async throws -> BundleImporter.Summary {
        // The second read of the file (its digest checked again) happens before any lock is taken.
        let events = try bundle.readEvents(name: name)
        do {
            return try await client.withTransaction(logger: logger) { c in
                try await self.apply(bundle, events: events, name: name, on: c)
            }
        } catch { throw Self.unwrap(error, "apply \(name) to the hub's database (nothing was changed)") }
    }

    private nonisolated(nonsending) func apply(_ bundle: VerifiedBundle, events: VerifiedBundle.Events, name: String, on c: PostgresConnection) async throws -> BundleImporter.Summary {
        var summary = BundleImporter.Summary.zero
        let origins = Set(bundle.sections.map { $0.info.stream.origin }).sorted()
        if !origins.isEmpty {
            let list = origins.map { String(Int64(bitPattern: $0.rawValue)) }.joined(separator: ",")
            try await c.query(PostgresQuery(unsafeSQL: "SELECT pg_advisory_xact_lock(o) FROM (SELECT unnest(ARRAY[\(list)]::bigint[]) AS o ORDER BY o) AS locks"), logger: logger)
        }
        try await learnKeys(of: bundle.header, name: name, on: c)

        var actions = [SectionAction](repeating: .skip, count: bundle.sections.count)
        for (i, section) in bundle.sections.enumerated() {
            let s = section.info.stream
            let first = section.info.firstSeq, last = section.info.head.seq
            let head = try await Self.head(of: s, c, logger: logger)
            let held = head?.seq ?? 0
            if held >= first {
                let probe = min(held, last)
                var ours = head?.hash
                if probe != held { ours = try await hash(of: s, at: probe, on: c) }
                guard ours == section.hashes[Int(probe - first)] else {
                    throw SyncError(.fork, "\(name): its events of stream \(s) differ from the hub's at seq \(probe) — the origin reused sequence numbers (restored from an old copy?); the bundle was refused and nothing was imported")
                }
            }
            let waitingHere = try await checkAgainstWaiting(section, name: name, on: c)
            if last <= held {
                summary.alreadyHeld += last - first + 1
            } else if first <= held + 1 {
                if held + 1 == first, section.firstPrevious != (head?.hash ?? .zero) {
                    throw SyncError(.fork, "\(name): stream \(s) seq \(first) does not follow the hub's seq \(held); the bundle was refused and nothing was imported")
                }
                summary.alreadyHeld += held + 1 - first
                actions[i] = .append(from: Int(held + 1 - first))
                summary.appended += last - held
            } else if waitingHere == last - first + 1 {
                summary.alreadyHeld += last - first + 1
            } else {
                actions[i] = .pend
                summary.newlyPending += last - first + 1 - waitingHere
            }
        }

        var touched: [StreamID] = []
        for (i, section) in bundle.sections.enumerated() {
            let s = section.info.stream
            switch actions[i] {
            case .skip:
                continue
            case .append(let from):
                let payloads = events.payloads[i][from...]
                try await insert(into: "events", s, firstSeq: section.info.firstSeq + UInt64(from),
                                 hashes: section.hashes[from...], payloads: payloads, on: c)
                try await setHead(s, seq: section.info.head.seq, hash: section.info.head.hash,
                                  signature: s.origin == replica ? nil : section.info.head.signature, on: c)
            case .pend:
                try await insert(into: "waiting_events", s, firstSeq: section.info.firstSeq,
                                 hashes: section.hashes[...], payloads: events.payloads[i][...], on: c)
                try await c.query("""
                    UPDATE waiting_events SET head_signature = \(Data(section.info.head.signature))
                    WHERE origin = \(s.originColumn) AND kelurahan = \(s.kelurahanColumn) AND seq = \(Int64(section.info.head.seq))
                    """, logger: logger)
            }
            touched.append(s)
        }
        for s in touched { summary.appended += try await drainWaiting(s, on: c) }
        let rows = try await c.query("SELECT count(*) FROM waiting_events", logger: logger)
        for try await n in rows.decode(Int64.self) { summary.pending = UInt64(max(0, n)) }
        if summary.appended > 0 { try await notifyEvents(on: c) }
        return summary
    }

    /// Tells every process listening that events were appended (delivered at commit).
    nonisolated(nonsending) func notifyEvents(on c: PostgresConnection) async throws {
        try await c.query("SELECT pg_notify(\(Self.eventsChannel), '')", logger: logger)
    }

    /// Checks the bundle's keys against the known ones and stores the new ones; a key another
    /// process stored meanwhile for the same origin must be the same key.
    /// - Throws: ``SyncError`` `.forged` when a key differs from a known one.
    private nonisolated(nonsending) func learnKeys(of header: BundleHeader, name: String, on c: PostgresConnection) async throws {
        var state = SyncState()
        state.keys = try await Self.keys(c, logger: logger)
        let known = state.keys
        try state.learnKeys(of: header, name: name)
        let new = state.keys.filter { known[$0.key] == nil }
        guard !new.isEmpty else { return }
        for (id, key) in new.sorted(by: { $0.key < $1.key }) {
            try await c.query("INSERT INTO origin_keys (origin, public_key) VALUES (\(Int64(bitPattern: id.rawValue)), \(Data(key))) ON CONFLICT (origin) DO NOTHING", logger: logger)
        }
        let now = try await Self.keys(c, logger: logger)
        for (id, key) in new where now[id] != key {
            throw SyncError(.forged, "\(name): it offers another key for origin \(id) than the one the hub learned meanwhile; the bundle was refused and nothing was imported")
        }
    }

    /// The hash of a held event.
    private nonisolated(nonsending) func hash(of s: StreamID, at seq: UInt64, on c: PostgresConnection) async throws -> EventHash? {
        let rows = try await c.query("""
            SELECT hash FROM events WHERE origin = \(s.originColumn) AND kelurahan = \(s.kelurahanColumn) AND seq = \(Int64(seq))
            """, logger: logger)
        var found: EventHash?
        for try await h in rows.decode(Data.self) {
            try RowCheck(table: "events", row: "\(s)#\(seq)").check(h.count == 32, "hash", "\(h.count) bytes", "32 bytes")
            found = EventHash(bytes: h)
        }
        return found
    }

    /// Checks a section against the events waiting in its stream: where they overlap they are
    /// the same events, and where they touch they chain.
    /// - Returns: how many of the section's seqs are already waiting.
    /// - Throws: ``SyncError`` `.fork` on a contradiction.
    private nonisolated(nonsending) func checkAgainstWaiting(_ section: VerifiedBundle.Section, name: String, on c: PostgresConnection) async throws -> UInt64 {
        let s = section.info.stream
        let first = section.info.firstSeq, last = section.info.head.seq
        let rows = try await c.query("""
            SELECT seq, hash, CASE WHEN seq = \(Int64(last) + 1) THEN body END FROM waiting_events
            WHERE origin = \(s.originColumn) AND kelurahan = \(s.kelurahanColumn) AND seq BETWEEN \(Int64(first) - 1) AND \(Int64(last) + 1)
            """, logger: logger)
        var inside: UInt64 = 0
        for try await (seq, hash, body) in rows.decode((Int64, Data, Data?).self) {
            let row = RowCheck(table: "waiting_events", row: "\(s)#\(seq)")
            try row.check(hash.count == 32, "hash", "\(hash.count) bytes", "32 bytes")
            let theirs = EventHash(bytes: hash)
            let agrees: Bool
            if seq >= Int64(first) && seq <= Int64(last) {
                agrees = theirs == section.hashes[Int(seq - Int64(first))]
                inside += 1
            } else if seq == Int64(first) - 1 {
                agrees = theirs == section.firstPrevious
            } else if let body {
                let event = try StoredEvent.decode(body, stream: s, seq: UInt64(seq), hash: theirs, table: "waiting_events")
                agrees = event.previousHash == section.hashes.last
            } else {
                agrees = true
            }
            guard agrees else {
                throw SyncError(.fork, "\(name): its events of stream \(s) contradict the hub's waiting events at seq \(seq) — the origin reused sequence numbers (restored from an old copy?); the bundle was refused and nothing was imported")
            }
        }
        return inside
    }

    /// Inserts a run of events (seqs `firstSeq…`) into `events` or `waiting_events`,
    /// `ON CONFLICT DO NOTHING`, a few thousand rows per statement.
    nonisolated(nonsending) func insert(into table: String, _ s: StreamID, firstSeq: UInt64, hashes: ArraySlice<EventHash>, payloads: ArraySlice<[UInt8]>,
                on c: PostgresConnection) async throws {
        guard hashes.count == payloads.count else {
            throw DatabaseError(.badRow, "\(hashes.count) hashes were given for \(payloads.count) events of stream \(s); nothing was written")
        }
        var seq = firstSeq
        var h = hashes.startIndex, p = payloads.startIndex
        while h < hashes.endIndex {
            let n = min(Self.rowsPerInsert, hashes.endIndex - h)
            var binds = PostgresBindings(capacity: n * 3)
            var values: [String] = []
            values.reserveCapacity(n)
            for k in 0..<n {
                try binds.append(Int64(seq))
                try binds.append(Data(hashes[h + k].bytes))
                try binds.append(Data(payloads[p + k]))
                values.append("(\(s.originColumn), \(s.kelurahanColumn), $\(3 * k + 1), $\(3 * k + 2), $\(3 * k + 3))")
                seq += 1
            }
            let sql = "INSERT INTO \(table) (origin, kelurahan, seq, hash, body) VALUES " + values.joined(separator: ",") + " ON CONFLICT DO NOTHING"
            try await c.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            h += n
            p += n
        }
    }

    /// Sets a stream's head (its last seq, hash and origin's signature).
    nonisolated(nonsending) func setHead(_ s: StreamID, seq: UInt64, hash: EventHash, signature: [UInt8]?, on c: PostgresConnection) async throws {
        try await c.query("""
            INSERT INTO streams (origin, kelurahan, seq, hash, signed_head)
            VALUES (\(s.originColumn), \(s.kelurahanColumn), \(Int64(seq)), \(Data(hash.bytes)), \(signature.map { Data($0) }))
            ON CONFLICT (origin, kelurahan) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, signed_head = EXCLUDED.signed_head
            """, logger: logger)
    }

    /// Moves the waiting events that now continue a stream into `events`, up to the last
    /// signed head among them; drops the waiting events the stream already holds.
    /// - Returns: events moved.
    /// - Throws: ``SyncError`` `.fork` when the first of them does not follow the stream's
    ///   head; ``DatabaseError`` `.badRow` for a waiting row that does not decode or chain.
    private nonisolated(nonsending) func drainWaiting(_ s: StreamID, on c: PostgresConnection) async throws -> UInt64 {
        let where_ = "origin = \(s.originColumn) AND kelurahan = \(s.kelurahanColumn)"
        let head = try await Self.head(of: s, c, logger: logger)
        let held = head?.seq ?? 0
        try await c.query(PostgresQuery(unsafeSQL: "DELETE FROM waiting_events WHERE \(where_) AND seq <= \(Int64(held))"), logger: logger)
        let rows = try await c.query(PostgresQuery(unsafeSQL: """
            SELECT seq, hash, body, head_signature FROM waiting_events WHERE \(where_) AND seq > \(Int64(held)) ORDER BY seq
            """), logger: logger)
        var next = held + 1
        var previous = head?.hash ?? .zero
        var hashes: [EventHash] = [], payloads: [[UInt8]] = []
        var signedThrough = 0
        var signature: [UInt8] = []
        var beyondGap = false
        for try await (seq, hash, body, sig) in rows.decode((Int64, Data, Data, Data?).self) {
            // The rows after a gap are read to the end (the connection is reused) but not used.
            guard !beyondGap, seq == Int64(next) else {
                beyondGap = true
                continue
            }
            let row = RowCheck(table: "waiting_events", row: "\(s)#\(seq)")
            try row.check(hash.count == 32, "hash", "\(hash.count) bytes", "32 bytes")
            let event = try StoredEvent.decode(body, stream: s, seq: next, hash: EventHash(bytes: hash), table: "waiting_events")
            guard event.previousHash == previous else {
                if hashes.isEmpty {
                    throw SyncError(.fork, "waiting events of stream \(s) from seq \(seq) do not follow the hub's seq \(held) (a fork); the bundle was refused and nothing was imported")
                }
                throw row.bad("body", "its event does not name the one before it as its predecessor")
            }
            hashes.append(EventHash(bytes: hash))
            payloads.append(Array(body))
            if let sig {
                try row.check(sig.count == 64, "head_signature", "\(sig.count) bytes", "64 bytes")
                signedThrough = hashes.count
                signature = Array(sig)
            }
            previous = EventHash(bytes: hash)
            next += 1
        }
        guard signedThrough > 0 else { return 0 }
        try await insert(into: "events", s, firstSeq: held + 1, hashes: hashes[..<signedThrough], payloads: payloads[..<signedThrough], on: c)
        let last = held + UInt64(signedThrough)
        try await setHead(s, seq: last, hash: hashes[signedThrough - 1], signature: s.origin == replica ? nil : signature, on: c)
        try await c.query(PostgresQuery(unsafeSQL: "DELETE FROM waiting_events WHERE \(where_) AND seq <= \(Int64(last))"), logger: logger)
        return UInt64(signedThrough)
    }
}
