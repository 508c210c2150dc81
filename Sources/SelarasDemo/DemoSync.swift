import SelarasEntry
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasSync

/// The sync part of the demo: laptops edit offline (two of them the same child at the same
/// time, and two register the same child), exchange bundles as files in a shuffled order, and
/// the office merges everything.
public struct DemoSync: Sendable {
    /// What happened, for printing.
    public struct Outcome: Sendable {
        /// The office store's directory.
        public let office: String
        /// Lines describing each step.
        public let steps: [String]
        /// The child two laptops renamed concurrently.
        public let conflictedChild: EntityID
        /// The child registered twice.
        public let duplicatePair: (EntityID, EntityID)
        /// State digests of the office and of laptop 3 after the full exchange.
        public let officeDigest: EventHash, laptopDigest: EventHash
        /// Conflicts and duplicate candidates at the office.
        public let conflicts: Int, duplicates: Int
    }

    /// The demo's base directory (holding lap1…lap3 from ``DemoBuilder``).
    public let directory: String
    /// Seed for the shuffled delivery order.
    public let seed: UInt64
    /// The date treated as today.
    public let today: LocalDate

    /// Creates the sync demo.
    public init(directory: String, seed: UInt64 = 2025, today: LocalDate = .today()) {
        self.directory = directory
        self.seed = seed
        self.today = today
    }

    private func entry(_ store: Store, author: String) throws -> RecordEntry {
        RecordEntry(state: try ConsolidatedState(store: store), homeKelurahan: store.metadata.kelurahan, today: today,
                    author: author, standards: nil)
    }

    private func bundle(_ from: Store, to path: String, for peer: Store?) throws -> String {
        let state = try SyncState.load(from)
        _ = try BundleWriter(store: from, state: state).write(to: path, assumed: peer?.versionVector ?? VersionVector())
        return path
    }

    /// Runs the exchange.
    public func run() throws -> Outcome {
        var rng = SeededRandom(seed: seed)
        var steps: [String] = []
        let usb = directory + "/usb"
        if !PosixFileSystem().exists(usb) { try PosixFileSystem().createDirectory(usb) }
        let lap1 = try Store.open(at: directory + "/lap1")
        let lap2 = try Store.open(at: directory + "/lap2")
        let lap3 = try Store.open(at: directory + "/lap3")

        // lap1 and lap2 serve the same kelurahan: lap2 receives lap1's records by USB stick.
        _ = try BundleImporter(store: lap2).importFile(try bundle(lap1, to: usb + "/lap1-for-lap2.slb", for: lap2))
        steps.append("lap1 → lap2 by USB stick: lap2 now also holds lap1's \(lap1.versionVector.totalEvents) events")

        // Both rename the same child while offline, and lap2 also fixes its posyandu.
        let child = try ConsolidatedState(store: lap1).records(of: .child).first!
        let oldName = child.value(FieldKey.Child.name)?.text ?? "?"
        try lap1.record([try entry(lap1, author: "Bu Sulastri").prepareCorrection(child.id, [("name", oldName + " Putri")], reason: "full name from the family card").draft])
        try lap2.record([try entry(lap2, author: "Bu Hartini").prepareCorrection(child.id, [("name", oldName + " Azzahra")], reason: "name as the mother spells it").draft])
        try lap2.record([try entry(lap2, author: "Bu Hartini").prepareCorrection(child.id, [("posyandu", "Mawar")], reason: "moved posyandu").draft])
        steps.append("offline, lap1 and lap2 both corrected the name of \(child.id) (\(oldName)); lap2 also changed its posyandu")

        // The same newborn is registered on both laptops.
        let born = today.adding(days: -40).description
        let dup: [(name: String, text: String)] = [("name", "Nur Aisyah"), ("sex", "P"), ("born", born), ("mother", "Rahmawati"), ("posyandu", "Melati 1")]
        let a = try lap1.record([try entry(lap1, author: "Bu Sulastri").prepareCreate(.child, dup).draft])[0].entity
        let b = try lap2.record([try entry(lap2, author: "Bu Hartini").prepareCreate(.child, dup + [("phone", "081234567890")]).draft])[0].entity
        steps.append("the same newborn, Nur Aisyah born \(born), was registered on lap1 (\(a)) and on lap2 (\(b))")

        // Bundles go to the office in a shuffled order; lap3 relays lap1's events.
        _ = try BundleImporter(store: lap3).importFile(try bundle(lap1, to: usb + "/lap1-for-lap3.slb", for: lap3))
        var files = [try bundle(lap1, to: usb + "/lap1.slb", for: nil), try bundle(lap2, to: usb + "/lap2.slb", for: nil),
                     try bundle(lap3, to: usb + "/lap3.slb", for: nil)]
        files.shuffle(using: &rng)
        let officeDir = directory + "/office"
        let office = try Store.create(at: officeDir, kelurahan: Kelurahan(name: "Klandasan Ilir")!, label: "Dinas Kesehatan office")
        for f in files {
            let s = try BundleImporter(store: office).importFile(f)
            steps.append("office imported \(f.split(separator: "/").last!): \(s.appended) new, \(s.alreadyHeld) already there")
        }
        // The office sends everything back to lap3: both must now compute the same state.
        _ = try BundleImporter(store: lap3).importFile(try bundle(office, to: usb + "/office-for-lap3.slb", for: lap3))
        let officeState = try ConsolidatedState(store: office)
        let lap3State = try ConsolidatedState(store: lap3)
        steps.append("office → lap3: both hold \(office.versionVector.totalEvents) events and compute the same state digest")
        var conflicts = 0
        officeState.forEachEntity { conflicts += $0.conflicts.count }
        let duplicates = officeState.duplicateCandidates().filter { $0.decision == nil }.count
        for s in [lap1, lap2, lap3, office] { s.close() }
        return Outcome(office: officeDir, steps: steps, conflictedChild: child.id, duplicatePair: (min(a, b), max(a, b)),
                       officeDigest: officeState.digest, laptopDigest: lap3State.digest, conflicts: conflicts, duplicates: duplicates)
    }
}
