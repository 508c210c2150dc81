import Foundation
import Testing
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasSync
import SelarasTestSupport

/// The seeds run: `SELARAS_SEED=n` replays one schedule; `SELARAS_SCHEDULES=n` runs n
/// schedules from `SELARAS_SEED_BASE` (default 1); 500 by default. `SELARAS_TRACE=1` prints
/// each schedule's steps.
let convergenceSeeds: [UInt64] = {
    if let s = environmentInteger("SELARAS_SEED") { return [s] }
    let n = environmentInteger("SELARAS_SCHEDULES") ?? 500
    let base = environmentInteger("SELARAS_SEED_BASE") ?? 1
    return (0..<n).map { base + $0 }
}()

@Suite("Convergence")
struct ConvergenceTests {
    /// Random schedules of 3–5 replicas recording, correcting, voiding, linking and exchanging
    /// bundles late, twice, reordered, dropped and retried, with restarts; after everyone has
    /// everything, all replicas hold the same version vector and the same state digest.
    @Test("seeded random schedules converge", arguments: convergenceSeeds)
    func schedule(seed: UInt64) throws {
        let scratch = try ScratchDirectory(prefix: "selaras-conv")
        let sim = Simulation(seed: seed, directory: scratch.path)
        do {
            try sim.run()
            try sim.finish()
        } catch {
            Issue.record("""
                seed \(seed) failed: \(error)
                replay with: SELARAS_SEED=\(seed) swift test --filter Convergence
                last steps:
                \(sim.trace.suffix(40).joined(separator: "\n"))
                """)
        }
        if environmentInteger("SELARAS_TRACE") == 1 || environmentInteger("SELARAS_SEED") != nil { print("seed \(seed): \(sim.stats)") }
        if environmentInteger("SELARAS_TRACE") == 1 { print("seed \(seed):\n" + sim.trace.joined(separator: "\n")) }
        for r in sim.replicas { r.close() }
    }
}

extension ConvergenceTests {
    /// The schedules are not vacuous: over a few dozen seeds they leave events pending, relay
    /// other origins' events, end with open conflicts, same-as groups, duplicates and voids.
    @Test("schedules exercise pending, relays, conflicts, links and voids")
    func coverage() throws {
        var total = Stats()
        for seed in UInt64(1)...30 {
            let scratch = try ScratchDirectory(prefix: "selaras-cov")
            let sim = Simulation(seed: seed, directory: scratch.path)
            try sim.run()
            try sim.finish()
            for r in sim.replicas { r.close() }
            total.add(sim.stats)
        }
        print("convergence coverage over 30 seeds: \(total)")
        #expect(total.pendingImports > 0)
        #expect(total.relayedSections > 0)
        #expect(total.conflicts > 0)
        #expect(total.sameAsGroups > 0)
        #expect(total.duplicates > 0)
        #expect(total.voided > 0)
    }
}

/// One replica in a schedule: a store that can be closed and reopened.
final class SimReplica {
    let index: Int
    let directory: String
    let home: Kelurahan
    let id: ReplicaID
    private(set) var store: Store?
    /// Events this replica recorded, per stream (what must survive everything).
    var recorded: [StreamID: UInt64] = [:]

    init(index: Int, directory: String, home: Kelurahan, keySeed: UInt64) throws {
        self.index = index
        self.directory = directory
        self.home = home
        let s = try makeStore(at: directory, kelurahan: home, label: "laptop \(index)", keySeed: keySeed)
        id = s.replica
        store = s
    }

    func open() throws -> Store {
        if let store { return store }
        let s = try Store.open(at: directory)
        store = s
        return s
    }

    func close() {
        store?.close()
        store = nil
    }

    var isOpen: Bool { store != nil }
}

/// A bundle file on its way.
struct Parcel {
    let path: String
    let from: Int
    let to: Int
    let made: Int
}

/// What schedules exercised (checked by ``ConvergenceTests/coverage()``).
struct Stats: CustomStringConvertible {
    var events = 0, imports = 0, pendingImports = 0, relayedSections = 0
    var conflicts = 0, sameAsGroups = 0, duplicates = 0, voided = 0
    mutating func add(_ o: Stats) {
        events += o.events; imports += o.imports; pendingImports += o.pendingImports; relayedSections += o.relayedSections
        conflicts += o.conflicts; sameAsGroups += o.sameAsGroups; duplicates += o.duplicates; voided += o.voided
    }
    var description: String {
        "events \(events), imports \(imports) (\(pendingImports) left events pending), relayed sections \(relayedSections), open conflicts \(conflicts), same-as groups \(sameAsGroups), duplicate pairs \(duplicates), voided \(voided)"
    }
}

/// A seeded schedule.
final class Simulation {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let seed: UInt64
    let directory: String
    var rng: SeededRandom
    var replicas: [SimReplica] = []
    var inFlight: [Parcel] = []
    var dropped: [Parcel] = []
    var delivered: [Parcel] = []
    /// Every vector each replica has had (stale vectors for `assumed`).
    var history: [[VersionVector]] = []
    /// What each replica last sent each peer (its vector when it made the bundle).
    var sentTo: [[VersionVector]] = []
    var trace: [String] = []
    var stats = Stats()
    var step = 0
    var parcels = 0

    static let names = ["Siti Aminah", "Muhammad Rizki", "Nur Aisyah", "Ahmad Fauzi", "Putri Ayu", "Siti  aminah"]
    static let niks = ["6471010101010001", "6471010101010002", "6471010101010003"]
    static let births = [LocalDate(year: 2023, month: 6, day: 1)!, LocalDate(year: 2024, month: 1, day: 15)!]
    static let kelurahan = [manggar, lamaru]

    init(seed: UInt64, directory: String) {
        self.seed = seed
        self.directory = directory
        // Start at a scrambled point of the SplitMix sequence: seeds n and n+1 must not give
        // the same schedule shifted by one draw.
        var scramble = SeededRandom(seed: seed)
        rng = SeededRandom(seed: scramble.next())
    }

    func int(_ r: Range<Int>) -> Int { Int.random(in: r, using: &rng) }
    func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    func pick<T>(_ a: [T]) -> T { a[int(0..<a.count)] }
    func log(_ s: String) { trace.append("[\(step)] \(s)") }
    func fail(_ s: String) -> Failure { Failure(description: s) }

    func state(_ r: SimReplica) throws -> ConsolidatedState { try ConsolidatedState(store: try r.open()) }

    func run() throws {
        let n = int(3...5)
        for i in 0..<n {
            let home = chance(0.5) ? manggar : lamaru
            replicas.append(try SimReplica(index: i, directory: directory + "/r\(i)", home: home, keySeed: rng.next()))
            history.append([VersionVector()])
        }
        sentTo = Array(repeating: Array(repeating: VersionVector(), count: n), count: n)
        try FileManager.default.createDirectory(atPath: directory + "/mail", withIntermediateDirectories: true)
        log("replicas: " + replicas.map { "r\($0.index)=\($0.id)@\($0.home.name)" }.joined(separator: " "))
        let steps = int(15...30)
        for s in 0..<steps {
            step = s
            let roll = int(0..<100)
            switch roll {
            case 0..<18: try recordSome(pick(replicas))
            case 18..<28: try correct(pick(replicas))
            case 28..<35: try concurrentCorrections()
            case 35..<39: try void(pick(replicas))
            case 39..<46: try link(pick(replicas))
            case 46..<60: try makeBundle()
            case 60..<66: try burst()
            case 66..<88: try deliverOne()
            case 88..<92: dropOrRetry()
            case 92..<96: try redeliver()
            default: restart(pick(replicas))
            }
        }
        // Some parcels arrive late, after the schedule; others never do.
        while !inFlight.isEmpty, chance(0.7) { try deliverOne() }
    }

    // MARK: Recording

    func recordedAt() -> Int64 { SampleRecords.recordedAt + Int64(int(0..<3)) * 1000 }

    func childFields() -> FieldMap {
        SampleRecords.child(name: pick(Self.names), sex: chance(0.5) ? "L" : "P", born: pick(Self.births),
                            nik: chance(0.3) ? pick(Self.niks) : nil)
    }

    func recordSome(_ r: SimReplica) throws {
        let store = try r.open()
        let st = try state(r)
        let children = st.records(of: .child).map(\.id)
        var drafts: [EventDraft] = []
        for _ in 0..<int(1...3) {
            let kel = chance(0.75) ? r.home : pick(Self.kelurahan)
            switch int(0..<3) {
            case 0 where !children.isEmpty:
                let child = pick(children)
                drafts.append(.create(.growthCheck, SampleRecords.growthCheck(child: child, weightTenths: Int64(int(60...150))),
                                      kelurahanCode: kel.code, author: "Bu Rina", recordedAt: recordedAt()))
            case 1:
                drafts.append(.create(.houseSurvey, SampleRecords.houseSurvey(head: "Kepala \(int(0..<5))", occupants: Int64(int(1...9))),
                                      kelurahanCode: kel.code, author: "Bu Sari", recordedAt: recordedAt()))
            default:
                drafts.append(.create(.child, childFields(), kelurahanCode: kel.code, author: "Bu Rina", recordedAt: recordedAt()))
            }
        }
        try write(r, store, drafts, "record \(drafts.count)")
    }

    func write(_ r: SimReplica, _ store: Store, _ drafts: [EventDraft], _ what: String) throws {
        let events = try store.record(drafts, durability: chance(0.2) ? .eachEvent : .batch)
        for e in events { r.recorded[e.dot.stream] = max(r.recorded[e.dot.stream] ?? 0, e.dot.seq) }
        log("r\(r.index) \(what): " + events.map { "\($0.dot)→\($0.entity)" }.joined(separator: ", "))
        history[r.index].append(store.versionVector)
    }

    /// A correction of one field of `entity`, with a value drawn for the field.
    func correction(_ entity: EntityState) -> (UInt8, FieldValue) {
        switch entity.id.kind {
        case .child:
            switch int(0..<3) {
            case 0: return (3, .text(pick(Self.names)))
            case 1: return (15, .text("Posyandu \(pick(["Melati", "Mawar", "Anggrek"]))"))
            default: return (1, .text(pick(Self.niks)))
            }
        case .growthCheck:
            return chance(0.5) ? (3, .number(Int64(int(60...150)))) : (14, .text("catatan \(int(0..<4))"))
        default:
            return chance(0.5) ? (10, .number(Int64(int(1...9)))) : (27, .text("catatan \(int(0..<4))"))
        }
    }

    func known(_ st: ConsolidatedState) -> [EntityState] {
        st.entities.values.filter(\.isCreated).sorted { $0.id < $1.id }
    }

    func correct(_ r: SimReplica, entity wanted: EntityID? = nil, field: (UInt8, FieldValue)? = nil) throws {
        let store = try r.open()
        let st = try state(r)
        let entity: EntityState
        if let wanted { entity = st.entities[wanted]! } else {
            let all = known(st)
            guard !all.isEmpty else { return }
            entity = pick(all)
        }
        let (tag, value) = field ?? correction(entity)
        let draft = EventDraft.change(entity.id, context: entity.contextDots,
                                      .correct(FieldMap([(tag, value)]), reason: "koreksi"), author: "Bu Rina", recordedAt: recordedAt())
        try write(r, store, [draft], "correct \(entity.id) #\(tag)")
    }

    /// Two replicas that both know an entity correct the same field differently.
    func concurrentCorrections() throws {
        let a = pick(replicas), b = pick(replicas.filter { $0 !== a })
        let sa = try state(a), sb = try state(b)
        var shared = known(sa).filter { sb.entities[$0.id]?.isCreated == true }
        if shared.isEmpty {
            // Let b learn everything a knows first (a bundle handed over at once).
            parcels += 1
            let path = directory + "/mail/\(parcels)-r\(a.index)-r\(b.index)-direct.bndl"
            try writeBundle(try a.open(), to: path)
            try deliver(Parcel(path: path, from: a.index, to: b.index, made: step))
            shared = known(sa).filter { (try? state(b))?.entities[$0.id]?.isCreated == true }
            guard !shared.isEmpty else { return try correct(a) }
        }
        let e = pick(shared)
        let (tag, v1) = correction(e)
        var v2 = correction(e)
        while v2.0 != tag { v2 = correction(e) }
        log("concurrent corrections of \(e.id) #\(tag) on r\(a.index) and r\(b.index)")
        try correct(a, entity: e.id, field: (tag, v1))
        try correct(b, entity: e.id, field: (tag, v2.1))
    }

    func void(_ r: SimReplica) throws {
        let store = try r.open()
        let all = known(try state(r))
        guard !all.isEmpty else { return }
        let e = pick(all)
        try write(r, store, [.change(e.id, context: e.contextDots, .void(reason: "tercatat dua kali"),
                                     author: "Bu Rina", recordedAt: recordedAt())], "void \(e.id)")
    }

    func link(_ r: SimReplica) throws {
        let store = try r.open()
        let st = try state(r)
        let children = st.records(of: .child)
        guard children.count >= 2 else { return }
        var i = int(0..<children.count), j = int(0..<children.count)
        while j == i { j = int(0..<children.count) }
        if children[j].id < children[i].id { swap(&i, &j) }
        let lo = children[i], hi = children[j]
        let same = chance(0.6)
        try write(r, store, [.change(lo.id, context: lo.contextDots, .link(hi.id, same: same, reason: "cek KIA"),
                                     author: "Bu Rina", recordedAt: recordedAt())],
                  "\(same ? "same-as" : "not-same") \(lo.id) \(hi.id)")
    }

    // MARK: Bundles

    func makeBundle() throws {
        let a = pick(replicas), b = pick(replicas.filter { $0 !== a })
        try makeBundle(from: a, to: b, mode: int(0..<5))
    }

    func makeBundle(from a: SimReplica, to b: SimReplica, mode: Int) throws {
        let store = try a.open()
        let syncState = try SyncState.load(store)
        let assumed: VersionVector
        let how: String
        switch mode {
        case 0: assumed = syncState.peers[b.id] ?? VersionVector(); how = "remembered"
        case 4:
            // Optimistic: a assumes its earlier bundles for b arrived (they may be late or lost).
            assumed = (syncState.peers[b.id] ?? VersionVector()).merged(with: sentTo[a.index][b.index])
            how = "optimistic"
        case 1: assumed = VersionVector(); how = "everything"
        case 2: assumed = pick(history[b.index]); how = "stale"
        default: assumed = try b.open().versionVector; how = "current"
        }
        parcels += 1
        let path = directory + "/mail/\(parcels)-r\(a.index)-r\(b.index).bndl"
        let summary = try BundleWriter(store: store, state: syncState).write(to: path, assumed: assumed)
        let sections = try VerifiedBundle.read(path).header.sections
        stats.relayedSections += sections.filter { $0.stream.origin != a.id }.count
        log("bundle #\(parcels) r\(a.index)→r\(b.index) (\(how) \(assumed)): \(summary.events) events")
        inFlight.append(Parcel(path: path, from: a.index, to: b.index, made: step))
        sentTo[a.index][b.index] = store.versionVector
    }

    /// A replica records and sends a peer bundles twice in a row, each assuming the earlier
    /// one arrived; the mail may deliver them in either order (the later first waits in pending).
    func burst() throws {
        let a = pick(replicas), b = pick(replicas.filter { $0 !== a })
        for _ in 0..<2 {
            try recordSome(a)
            try makeBundle(from: a, to: b, mode: 4)
        }
        // Often the later one overtakes the earlier.
        if chance(0.5), let p = inFlight.popLast() { try deliver(p) }
    }

    func deliver(_ p: Parcel, to target: Int? = nil) throws {
        let r = replicas[target ?? p.to]
        let store = try r.open()
        let before = store.versionVector
        let summary: BundleImporter.Summary
        do { summary = try BundleImporter(store: store).importFile(p.path) } catch {
            throw fail("r\(r.index) refused \(p.path): \(error)")
        }
        let after = store.versionVector
        guard after.dominates(before) else { throw fail("r\(r.index) lost events importing \(p.path): \(before) → \(after)") }
        log("r\(r.index) imports \(p.path.split(separator: "/").last!): +\(summary.appended) pending \(summary.pending) held \(summary.alreadyHeld)")
        history[r.index].append(after)
        delivered.append(p)
        if summary.newlyPending > 0 { stats.pendingImports += 1 }
        if p.made >= 0 { stats.imports += 1 }
    }

    func deliverOne() throws {
        guard !inFlight.isEmpty else { return try makeBundle() }
        // Any parcel, not the oldest: parcels overtake each other.
        let p = inFlight.remove(at: int(0..<inFlight.count))
        // Now and then a parcel reaches a third laptop (passed on by hand).
        try deliver(p, to: chance(0.1) ? int(0..<replicas.count) : nil)
    }

    func dropOrRetry() {
        if !dropped.isEmpty, chance(0.5) {
            let p = dropped.remove(at: int(0..<dropped.count))
            log("retry \(p.path.split(separator: "/").last!)")
            inFlight.append(p)
        } else if !inFlight.isEmpty {
            let p = inFlight.remove(at: int(0..<inFlight.count))
            log("drop \(p.path.split(separator: "/").last!)")
            dropped.append(p)
        }
    }

    func redeliver() throws {
        guard !delivered.isEmpty else { return try deliverOne() }
        try deliver(pick(delivered))
    }

    func restart(_ r: SimReplica) {
        log("restart r\(r.index)")
        r.close()
    }

    // MARK: Finally

    /// Everyone sends everything to a hub, the hub sends everything to everyone, until every
    /// replica holds the same vector; then every replica must agree.
    func finish() throws {
        step = -1
        // Reopen every store (restart between the schedule and the end).
        for r in replicas { r.close() }
        let hub = replicas[0]
        var round = 0
        while true {
            let vectors = try replicas.map { try $0.open().versionVector }
            let pendingLeft = try replicas.map { try PendingArea(store: $0.open()).segments().count }.reduce(0, +)
            if Set(vectors).count == 1, pendingLeft == 0 { break }
            round += 1
            guard round <= 4 else { throw fail("no convergence after \(round - 1) rounds: \(vectors); pending \(pendingLeft)") }
            for r in replicas.dropFirst() {
                let p = directory + "/mail/final-\(round)-r\(r.index).bndl"
                try writeBundle(try r.open(), to: p)
                try deliver(Parcel(path: p, from: r.index, to: 0, made: -1))
            }
            let p = directory + "/mail/final-\(round)-hub.bndl"
            try writeBundle(try hub.open(), to: p)
            for r in replicas.dropFirst() { try deliver(Parcel(path: p, from: 0, to: r.index, made: -1)) }
        }
        let vectors = try replicas.map { try $0.open().versionVector }
        let digests = try replicas.map { try ConsolidatedState(store: $0.open()).digest }
        #expect(Set(vectors).count == 1, "seed \(seed): vectors differ: \(vectors)")
        #expect(Set(digests).count == 1, "seed \(seed): state digests differ: \(digests)")
        for r in replicas {
            let store = try r.open()
            #expect(try PendingArea(store: store).segments().isEmpty, "seed \(seed): r\(r.index) still has pending events")
            for (s, n) in r.recorded {
                #expect(store.versionVector[s] == n, "seed \(seed): r\(r.index)'s own stream \(s) holds \(store.versionVector[s]) of \(n)")
            }
            #expect(vectors[0].dominates(store.versionVector))
        }
        // The state depends only on the set of events: fold them in a random order.
        var events: [Event] = []
        try hub.open().forEachEvent { events.append($0) }
        events.shuffle(using: &rng)
        var shuffled = ConsolidatedState()
        for e in events { shuffled.apply(e) }
        // Applying an event twice changes nothing.
        for e in events.prefix(5) { shuffled.apply(e) }
        #expect(shuffled.digest == digests[0], "seed \(seed): folding the events in another order gives another digest")
        // Reopened, the digest is the same.
        hub.close()
        #expect(try ConsolidatedState(store: hub.open()).digest == digests[0], "seed \(seed): digest changed across reopen")
        // Duplicates and canonical children agree everywhere too.
        let states = try replicas.map { try ConsolidatedState(store: $0.open()) }
        let dups = states.map { $0.duplicateCandidates() }
        #expect(dups.allSatisfy { $0 == dups[0] }, "seed \(seed): duplicate lists differ")
        let canon = states.map { $0.canonicalChildren() }
        #expect(canon.allSatisfy { $0 == canon[0] }, "seed \(seed): same-as groups differ")
        let winners = states.map { st in st.entities.values.flatMap { e in e.registers.values.map(\.winner) } .compactMap { $0 }.map(\.dot).sorted() }
        #expect(winners.allSatisfy { $0 == winners[0] }, "seed \(seed): shown winners differ")
        let st = states[0]
        stats.conflicts += st.entities.values.reduce(0) { $0 + $1.conflicts.count }
        stats.sameAsGroups += Set(canon[0].values).count
        stats.duplicates += dups[0].count
        stats.voided += st.entities.values.filter(\.isVoided).count
        stats.events += Int(vectors[0].totalEvents)
    }
}
