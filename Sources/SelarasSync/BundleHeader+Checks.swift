import SelarasLog
import SelarasModel

extension BundleHeader {
    /// The largest seq a bundle may name (2^40, about 10^12 events in one stream): far beyond
    /// any real stream, and small enough that seq arithmetic (`+ 1`, differences, counts) can
    /// never overflow.
    public static let maxSeq: UInt64 = 1 << 40
    /// The most bytes of frames a bundle body may announce, all sections together (2^40, 1 TiB).
    public static let maxBodyBytes: UInt64 = 1 << 40

    /// Checks every number of the header before anything uses it: the creation time (in the
    /// receiver's time window), each section's seqs (at most ``maxSeq``) and byte count (room
    /// for its events, at most ``maxBodyBytes`` in all), and the seqs of both version vectors.
    /// - Parameters:
    ///   - name: how refusals name the bundle.
    ///   - plausibility: the receiver's clock and rules.
    /// - Throws: ``SyncError`` `.implausible` naming the bundle, the section and the value.
    func checkNumbers(name: String, plausibility: EventPlausibility) throws {
        func refuse(_ why: String) -> SyncError {
            SyncError(.implausible, "\(name): \(why); the bundle was refused and nothing was imported")
        }
        if let p = plausibility.timeProblem(createdAt, what: "its creation time") { throw refuse(p.description) }
        var total: UInt64 = 0
        for (i, s) in sections.enumerated() {
            let at = "section \(i + 1) of \(sections.count) (stream \(s.stream))"
            guard s.firstSeq <= Self.maxSeq, s.head.seq <= Self.maxSeq else {
                throw refuse("\(at) names seqs \(s.firstSeq)…\(s.head.seq); allowed: 1…\(Self.maxSeq)")
            }
            // Every event takes a frame of at least `Frame.overhead + 1` bytes.
            let perEvent = UInt64(Frame.overhead + 1)
            guard s.byteCount <= Self.maxBodyBytes, s.count <= s.byteCount / perEvent else {
                throw refuse("\(at) announces \(s.byteCount) bytes for \(s.count) events; allowed: \(perEvent) bytes an event or more, at most \(Self.maxBodyBytes) bytes")
            }
            total += s.byteCount // at most 2^40 + 2^40: cannot overflow
            guard total <= Self.maxBodyBytes else {
                throw refuse("its sections announce \(total) bytes of events by \(at); allowed: at most \(Self.maxBodyBytes)")
            }
        }
        for (what, vector) in [("assumed", assumed), ("covered", covers)] {
            if let e = vector.entries.filter({ $0.value > Self.maxSeq }).min(by: { $0.key < $1.key }) {
                throw refuse("its \(what) version vector names seq \(e.value) of stream \(e.key); allowed: 0…\(Self.maxSeq)")
            }
        }
    }

    /// Checks the keys the bundle offers against the keys a store knows: a bundle may
    /// introduce only its creator's key and keys of origins not yet known, each key must
    /// belong to its replica (the id is derived from the key), and a known key never changes.
    /// The refusal names the bundle's creator, who offered the key, not the replica named.
    /// - Parameters:
    ///   - known: origin → key, as the store knows them.
    ///   - name: how refusals name the bundle.
    /// - Throws: ``SyncError`` `.forged`.
    public func checkKeys(against known: [ReplicaID: [UInt8]], name: String) throws {
        func refuse(_ why: String) -> SyncError {
            SyncError(.forged, "\(name): its creator, replica \(creator), \(why); the bundle was refused and nothing was imported")
        }
        if let k = known[creator], k != creatorKey {
            throw refuse("presents a key of its own other than the one this store knows for it")
        }
        for id in keys.keys.sorted() {
            let key = keys[id]!
            if let k = known[id], k != key {
                throw refuse("offers a different key for replica \(id) than the one this store knows (a known key never changes; replica \(id) is not at fault)")
            }
            guard ReplicaID.derived(fromPublicKey: key) == id else {
                throw refuse("offers a key for replica \(id) that is not replica \(id)'s (an id is derived from its key)")
            }
        }
    }
}
