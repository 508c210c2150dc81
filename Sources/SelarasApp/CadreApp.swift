import Foundation
import SelarasAnthro
import SelarasEntry
import SelarasHubClient
import SelarasLog
import SelarasMerge
import SelarasModel

/// The app's one owner of the laptop's store: the consolidated state kept in memory (folded
/// once at start, then each saved event applied to it), the search index and the children's
/// checks. Every save goes through `RecordEntry` (the CLI's validation) and returns only after
/// the store acknowledged it (fdatasync).
public actor CadreApp {
    let store: Store
    var state: ConsolidatedState
    var index = ChildSearchIndex()
    /// Child → its checks (ids), and check → its child.
    var checksOf: [EntityID: Set<EntityID>] = [:]
    var childOf: [EntityID: EntityID] = [:]
    let standards: GrowthStandards?
    let author: String
    /// The store's kelurahan.
    public nonisolated let kelurahan: Kelurahan
    /// The templates.
    let pages: Pages
    /// The date that counts as today (fixed for tests; else the clock, in WITA).
    let fixedToday: LocalDate?
    /// Record (its creating dot) → the dots of its later events (corrections, voids, links), for
    /// the history page; nil until the first history page scans the logs' headers once, then
    /// kept up to date by ``reindex(_:)``.
    var laterDots: [Dot: [Dot]]?
    /// On a laptop enrolled as a cadre, the one kelurahan it can send (as the CLI's entry):
    /// records for another are refused. Read at start and after enrolling.
    var sendableKelurahan: UInt16?
    /// Whether a sync or an enrolment with the hub is under way (one at a time).
    var syncing = false

    /// Opens the store at `directory`, folds it once and indexes the children.
    /// - Parameters:
    ///   - author: who records (the store's label when nil).
    ///   - today: a fixed "today" (tests), else the clock.
    /// - Throws: the store's error when it cannot be opened.
    public init(directory: String, author: String?, pages: Pages, today: LocalDate? = nil) throws {
        let store = try Store.open(at: directory)
        self.store = store
        state = try ConsolidatedState(store: store)
        standards = try? GrowthStandards.bundled()
        kelurahan = store.metadata.kelurahan
        if let link = try? HubLink.load(from: directory), link.role == .cadre {
            sendableKelurahan = link.kelurahan ?? store.metadata.kelurahan.code
        }
        self.author = author ?? (store.metadata.label.isEmpty ? "replica \(store.replica)" : store.metadata.label)
        self.pages = pages
        fixedToday = today
        var index = ChildSearchIndex()
        for c in state.records(of: .child) { index.update(c) }
        var checksOf: [EntityID: Set<EntityID>] = [:], childOf: [EntityID: EntityID] = [:]
        for id in state.recordIDs(of: .growthCheck) {
            guard let ref = state[id]?.value(FieldKey.GrowthCheck.child)?.reference else { continue }
            checksOf[ref, default: []].insert(id)
            childOf[id] = ref
        }
        self.index = index
        self.checksOf = checksOf
        self.childOf = childOf
    }

    /// Today's date.
    var today: LocalDate { fixedToday ?? .today() }

    /// The entry context over the current state (the same validation as the CLI).
    func entry() -> RecordEntry {
        var entry = RecordEntry(state: state, homeKelurahan: kelurahan, today: today, author: author, standards: standards)
        entry.sendableKelurahan = sendableKelurahan
        return entry
    }

    /// Records the events durably (one fdatasync each), then applies them to the state and the
    /// indexes. Returns only after the store acknowledged every event.
    /// - Throws: ``AppError`` (`.storeFailed`) when the store refuses or fails; nothing is applied then.
    @discardableResult
    func save(_ prepared: [PreparedEvent]) throws -> [Event] {
        var timings = SaveTimings()
        return try save(prepared, timings: &timings)
    }

    /// ``save(_:)``, timing the append, the state's update and the indexes' into `timings`.
    func save(_ prepared: [PreparedEvent], timings: inout SaveTimings) throws -> [Event] {
        let clock = ContinuousClock()
        var mark = clock.now
        let events: [Event]
        do { events = try store.record(prepared.map(\.draft)) } catch {
            throw AppError(.storeFailed, status: 500, "Gagal menyimpan ke penyimpanan laptop: \(error)", cause: nil)
        }
        timings.append = clock.now - mark
        mark = clock.now
        for e in events { state.apply(e) }
        timings.apply = clock.now - mark
        mark = clock.now
        for e in events { reindex(e) }
        timings.index = clock.now - mark
        return events
    }

    /// Updates the indexes for an event already applied to the state: the search index (a
    /// child), child → checks (a check), the record histories (a later event).
    func reindex(_ e: Event) {
        if e.dot != e.entity.origin { laterDots?[e.entity.origin, default: []].append(e.dot) }
        guard let now = state[e.entity] else { return }
        switch e.entity.kind {
        case .child: index.update(now)
        case .growthCheck:
            if let old = childOf[e.entity] { checksOf[old]?.remove(e.entity) }
            if let ref = now.value(FieldKey.GrowthCheck.child)?.reference {
                checksOf[ref, default: []].insert(e.entity)
                childOf[e.entity] = ref
            }
        case .houseSurvey: break
        }
    }

    /// The growth rows of a child, or nil when it is not a child here.
    func growth(_ id: EntityID, zScores: ChildGrowth.ZScores = .all) -> (EntityState, ChildGrowth?)? {
        guard let child = state[id], child.isCreated, id.kind == .child else { return nil }
        let checks = (checksOf[id] ?? []).compactMap { state[$0] }
        return (child, ChildGrowth(child: child, checks: checks, standards: standards, zScores: zScores))
    }

    /// Counts of the store's records (for tests and the home page).
    public func counts() -> [RecordKind: (active: Int, voided: Int)] { state.counts() }

    /// Closes the store (the app stops).
    public func close() { store.close() }
}
