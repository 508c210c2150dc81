import SelarasAnthro
import SelarasMerge
import SelarasModel

/// The consolidated dataset tables an export writes: `children`, `growth_checks`,
/// `house_surveys`, `conflicts` and `indicators`, derived from the merged state.
///
/// Rows are in a stable order (record id; kelurahan then month) and columns in a fixed
/// order, so the same events give the same dataset on every replica.
public struct Dataset: Sendable {
    /// The tables, in the order above.
    public let tables: [any DatasetTable]
    /// The options used.
    public let options: DatasetOptions

    /// Builds the dataset.
    /// - Parameters:
    ///   - state: the merged records.
    ///   - standards: WHO growth standards for z-scores.
    ///   - options: tier, filters, key, thresholds.
    /// - Complexity: O(n log n) in the records; rows themselves are formatted when streamed.
    public init(state: ConsolidatedState, standards: GrowthStandards, options: DatasetOptions) {
        self.options = options
        let context = DatasetContext(state: state, standards: standards, options: options)
        tables = [
            ChildrenTable.make(context),
            GrowthChecksTable.make(context),
            HouseSurveysTable.make(context),
            ConflictsTable.make(context),
            IndicatorsTable.make(context),
        ]
    }

    /// The table with this name.
    public func table(_ name: String) -> (any DatasetTable)? { tables.first { $0.schema.name == name } }
}

/// Shared lookups for the table builders.
struct DatasetContext: Sendable {
    /// The merged records (rows look their record up by id, so no table holds copies).
    let state: ConsolidatedState
    let options: DatasetOptions
    let standards: GrowthStandards
    let pseudonyms: Pseudonymizer
    /// Surviving children in id order (merged registrations folded into the smallest id).
    let children: [EntityState]
    /// Registrations per surviving child.
    let registrations: [EntityID: Int]
    /// Child (any registration) → its surviving child.
    let canonical: [EntityID: EntityID]
    /// Surviving child id → its index in `children`.
    let childIndex: [EntityID: Int]
    /// Growth checks kept (child present, dates in range), in id order.
    let checks: [CheckRow]
    /// Indexes into `checks` ordered by child, then date, then id (each child's history).
    let byChild: [Int32]
    /// Surveys kept, in id order.
    let surveys: [EntityState]
    /// Entities with conflicts, in id order.
    let conflicted: [EntityState]
    /// The date ages are computed at in the children table: `to`, else the latest measurement.
    let referenceDate: LocalDate

    /// Each surviving child's id cell (pseudonyms computed once per child, not per check).
    let childIDs: [Cell]
    /// Each surviving child's kelurahan code (0 when the name is not a Balikpapan kelurahan),
    /// looked up once per distinct name.
    let childKelurahan: [UInt16]
    /// Each surviving child's fields that its checks' rows show.
    let childFacts: [ChildFacts]

    var analyst: Bool { options.tier == .analyst }

    func id(_ id: EntityID) -> Cell { .text(analyst ? pseudonyms.pseudonym(id) : id.description) }

    func childPseudonym(_ index: Int) -> Cell { childIDs[index] }

    init(state: ConsolidatedState, standards: GrowthStandards, options: DatasetOptions) {
        self.state = state
        self.options = options
        self.standards = standards
        pseudonyms = Pseudonymizer(key: options.pseudonymKey)
        let canon = state.canonicalChildren()
        canonical = canon
        // Pass 1, one task per shard on all cores: children, surveys, conflicted records, and
        // how many checks each shard holds (room for pass 2). Shards and the order inside
        // them depend on the machine; every list is sorted by id below, so nothing else does.
        let scans = Parallel.map(state.shardCount) { s in
            var scan = ShardScan()
            state.forEachEntity(inShard: s) { e, _ in
                guard e.isCreated else { return }
                if !e.conflicts.isEmpty, options.kelurahan == nil || e.id.origin.stream.kelurahanCode == options.kelurahan?.code {
                    scan.conflicted.append(e)
                }
                guard !e.isVoided else { return }
                switch e.id.kind {
                case .child: scan.children.append(e)
                case .houseSurvey:
                    if (options.kelurahan == nil || e.value(7)?.text == options.kelurahan?.name) && options.includes(e.value(25)?.date) {
                        scan.surveys.append(e)
                    }
                case .growthCheck: scan.checks += 1
                }
            }
            return scan
        }
        let allChildren = scans.flatMap(\.children).sorted { $0.id < $1.id }
        var regs: [EntityID: Int] = [:]
        var kept: [EntityState] = []
        for c in allChildren {
            let survivor = canon[c.id] ?? c.id
            regs[survivor, default: 0] += 1
            if survivor == c.id, options.kelurahan == nil || c.value(14)?.text == options.kelurahan?.name { kept.append(c) }
        }
        children = kept
        registrations = regs
        let index = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($0.element.id, $0.offset) })
        childIndex = index
        let pseudonyms = self.pseudonyms
        let facts = kept.map(ChildFacts.init)
        childFacts = facts
        childKelurahan = DatasetContext.kelurahanCodes(kept.map { $0.value(14)?.text })
        childIDs = kept.map { .text(options.tier == .analyst ? pseudonyms.pseudonym($0.id) : $0.id.description) }
        // Pass 2, one task per shard: the checks of children kept (merged registrations follow
        // the surviving child), each decoded once and measured once (z-scores for both the
        // rows and the indicators). Each shard writes into its own region of one array.
        var offsets = [0]
        for scan in scans { offsets.append(offsets[offsets.count - 1] + scan.checks) }
        let starts = offsets
        var rows = [CheckRow](repeating: .placeholder, count: starts[starts.count - 1])
        let written: [(count: Int, latest: LocalDate)] = rows.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            return Parallel.map(state.shardCount) { s in
                var n = starts[s]
                var latest = LocalDate(daysSinceEpoch: 0)
                state.forEachEntity(inShard: s) { e, position in
                    guard e.id.kind == .growthCheck, e.isCreated, !e.isVoided else { return }
                    let f = e.fields
                    guard let ref = f[1]?.reference, let date = f[2]?.date, options.includes(date) else { return }
                    let survivor = canon.isEmpty ? ref : canon[ref] ?? ref
                    guard let i = index[survivor] else { return }
                    let m = CheckMeasurement(check: f, child: facts[i], standards: standards)
                    buffer[n] = CheckRow(position: position, childIndex: Int32(i), date: date, weight: f[3]?.number,
                                         measured: PackedMeasurement(m))
                    n += 1
                    if date > latest { latest = date }
                }
                return (n - starts[s], latest)
            }
        }
        // Close the gaps between the shards' regions.
        var end = 0
        for (s, w) in written.enumerated() {
            if starts[s] != end { for k in 0..<w.count { rows[end + k] = rows[starts[s] + k] } }
            end += w.count
        }
        rows.removeLast(rows.count - end)
        let latest = written.map(\.latest).max() ?? LocalDate(daysSinceEpoch: 0)
        GrowthChecksTable.sortByID(&rows, in: state)
        byChild = GrowthChecksTable.childOrder(rows)
        GrowthChecksTable.computeGrowth(&rows, byChild: byChild)
        checks = rows
        surveys = scans.flatMap(\.surveys).sorted { $0.id < $1.id }
        conflicted = scans.flatMap(\.conflicted).sorted { $0.id < $1.id }
        referenceDate = options.to ?? latest
    }

    /// What pass 1 finds in one shard.
    private struct ShardScan: Sendable {
        var children: [EntityState] = [], surveys: [EntityState] = [], conflicted: [EntityState] = []
        var checks = 0
    }

    /// A check's measurement: the one computed when the dataset was built, or (when it could
    /// not be packed exactly) computed again from the record.
    func measurement(_ row: CheckRow) -> CheckMeasurement {
        row.measured?.measurement
            ?? CheckMeasurement(check: state[row.position].fields, child: childFacts[Int(row.childIndex)], standards: standards)
    }

    /// Kelurahan codes of names (0 for nil or unknown), each distinct name looked up once.
    static func kelurahanCodes(_ names: [String?]) -> [UInt16] {
        var memo: [String: UInt16] = [:]
        return names.map { name in
            guard let name else { return 0 }
            if let code = memo[name] { return code }
            let code = Kelurahan(name: name)?.code ?? 0
            memo[name] = code
            return code
        }
    }
}
