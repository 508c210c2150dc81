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
        // One pass over the state (each pass touches every record: about a second per million).
        // Checks keep their child reference until the children's positions are known.
        var allChildren: [EntityState] = [], surveys: [EntityState] = [], conflicted: [EntityState] = []
        var rows: [CheckRow] = [], refs: [EntityID] = []
        var latest = LocalDate(daysSinceEpoch: 0)
        state.forEachEntity { e in
            guard e.isCreated else { return }
            if !e.conflicts.isEmpty, options.kelurahan == nil || e.id.origin.stream.kelurahanCode == options.kelurahan?.code {
                conflicted.append(e)
            }
            guard !e.isVoided else { return }
            switch e.id.kind {
            case .child: allChildren.append(e)
            case .houseSurvey:
                if (options.kelurahan == nil || e.value(7)?.text == options.kelurahan?.name) && options.includes(e.value(25)?.date) {
                    surveys.append(e)
                }
            case .growthCheck:
                let fields = e.fields
                guard let ref = fields[1]?.reference, let date = fields[2]?.date, options.includes(date) else { return }
                rows.append(CheckRow(id: e.id, entity: e, childIndex: -1, date: date, weight: fields[3]?.number))
                refs.append(ref)
            }
        }
        allChildren.sort { $0.id < $1.id }
        var regs: [EntityID: Int] = [:]
        var kept: [EntityState] = []
        for c in allChildren {
            let survivor = canon[c.id] ?? c.id
            regs[survivor, default: 0] += 1
            if survivor == c.id, options.kelurahan == nil || c.value(14)?.text == options.kelurahan?.name { kept.append(c) }
        }
        allChildren = []
        children = kept
        registrations = regs
        childIndex = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($0.element.id, $0.offset) })
        let pseudonyms = self.pseudonyms
        childFacts = kept.map(ChildFacts.init)
        childKelurahan = DatasetContext.kelurahanCodes(kept.map { $0.value(14)?.text })
        childIDs = kept.map { .text(options.tier == .analyst ? pseudonyms.pseudonym($0.id) : $0.id.description) }
        // Checks of children kept (merged registrations follow the surviving child).
        let index = childIndex
        var keptChecks = 0
        for j in rows.indices {
            let survivor = canon.isEmpty ? refs[j] : canon[refs[j]] ?? refs[j]
            guard let i = index[survivor] else { continue }
            rows[keptChecks] = rows[j]
            rows[keptChecks].childIndex = Int32(i)
            if rows[keptChecks].date > latest { latest = rows[keptChecks].date }
            keptChecks += 1
        }
        refs = []
        rows.removeLast(rows.count - keptChecks)
        GrowthChecksTable.sortByID(&rows)
        byChild = GrowthChecksTable.childOrder(rows)
        GrowthChecksTable.computeGrowth(&rows, byChild: byChild)
        checks = rows
        self.surveys = surveys.sorted { $0.id < $1.id }
        self.conflicted = conflicted.sorted { $0.id < $1.id }
        referenceDate = options.to ?? latest
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
