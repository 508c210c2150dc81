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
    /// Surveys kept, in id order.
    let surveys: [EntityState]
    /// Entities with conflicts, in id order.
    let conflicted: [EntityState]
    /// The date ages are computed at in the children table: `to`, else the latest measurement.
    let referenceDate: LocalDate

    /// Each surviving child's id cell (pseudonyms computed once per child, not per check).
    let childIDs: [Cell]

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
        var regs: [EntityID: Int] = [:]
        var kept: [EntityState] = []
        for c in state.records(of: .child) {
            let survivor = canon[c.id] ?? c.id
            regs[survivor, default: 0] += 1
            if survivor == c.id, options.kelurahan == nil || c.value(14)?.text == options.kelurahan?.name { kept.append(c) }
        }
        children = kept
        registrations = regs
        childIndex = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($0.element.id, $0.offset) })
        let pseudonyms = self.pseudonyms
        childIDs = kept.map { .text(options.tier == .analyst ? pseudonyms.pseudonym($0.id) : $0.id.description) }
        var rows: [CheckRow] = []
        var latest = LocalDate(daysSinceEpoch: 0)
        // One pass over the records (no per-check lookup), then one sort by id.
        let index = childIndex
        state.forEachEntity { c in
            guard c.id.kind == .growthCheck, c.isCreated, !c.isVoided,
                  let ref = c.value(1)?.reference, let date = c.value(2)?.date, options.includes(date) else { return }
            let survivor = canon[ref] ?? ref
            guard let i = index[survivor] else { return }
            rows.append(CheckRow(id: c.id, child: survivor, childIndex: i, date: date, weight: c.value(3)?.number))
            if date > latest { latest = date }
        }
        rows.sort { $0.id < $1.id }
        checks = GrowthChecksTable.withGrowth(rows)
        surveys = state.records(of: .houseSurvey).filter {
            (options.kelurahan == nil || $0.value(7)?.text == options.kelurahan?.name) && options.includes($0.value(25)?.date)
        }
        var conflicted: [EntityState] = []
        state.forEachEntity { e in
            guard e.isCreated, !e.conflicts.isEmpty else { return }
            if let k = options.kelurahan, e.id.origin.stream.kelurahanCode != k.code { return }
            conflicted.append(e)
        }
        self.conflicted = conflicted.sorted { $0.id < $1.id }
        referenceDate = options.to ?? latest
    }
}
