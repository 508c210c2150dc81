import SelarasLog
import SelarasModel

extension CadreApp {
    /// The events about a record, in the order they were recorded here (create first, then
    /// its later events by stream and seq), each read at its dot through its log's index.
    /// The first call after start (or an import) builds ``laterDots`` by reading every frame's
    /// header once (no decoding); after that a record's history costs O(its events).
    /// - Throws: the store's error when a log cannot be read.
    func events(of id: EntityID) throws -> [Event] {
        if laterDots == nil { laterDots = try Self.scanLaterDots(store) }
        var out: [Event] = []
        for dot in [id.origin] + (laterDots?[id.origin] ?? []).sorted() {
            try store.forEachEncodedEvent(in: dot.stream, after: dot.seq - 1, through: dot.seq) { _, bytes in
                let e = try Event.decode(bytes)
                if e.entity == id { out.append(e) }
            }
        }
        return out
    }

    /// Record (creating dot) → the dots of its later events, from the header of every frame of
    /// every stream (``Event/peekEntityDot(_:)``: no decoding, no allocation per event).
    static func scanLaterDots(_ store: Store) throws -> [Dot: [Dot]] {
        var out: [Dot: [Dot]] = [:]
        for stream in store.streams {
            try store.forEachUncheckedFrame(in: stream, after: 0) { frame in
                guard let entity = Event.peekEntityDot(frame.uncheckedPayload) else { return }
                let dot = Dot(stream: frame.stream, seq: frame.seq)
                if entity != dot { out[entity, default: []].append(dot) }
            }
        }
        return out
    }
}
