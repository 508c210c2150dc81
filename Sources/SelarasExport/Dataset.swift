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
    /// The figures the `indicators` table is written from, per kelurahan (by code) and month
    /// (both tiers: the table suppresses small counts in the analyst tier, these do not).
    public let indicators: [IndicatorFigures]
    /// The `growth_checks` table's rows before they are computed (record, child, date, weight,
    /// growth: 16 bytes each), in the table's order; see ``growthCheckRows(measuredFrom:through:)``.
    let checkRows: [CheckRow]

    /// Builds the dataset.
    /// - Parameters:
    ///   - state: the merged records.
    ///   - standards: WHO growth standards for z-scores.
    ///   - options: tier, filters, key, thresholds.
    /// - Complexity: O(n log n) in the records; rows themselves are formatted when streamed.
    public init(state: ConsolidatedState, standards: GrowthStandards, options: DatasetOptions) {
        self.options = options
        var history = CheckHistory()
        let context = DatasetContext(state: state, standards: standards, options: options, history: &history)
        let figures = IndicatorsTable.figures(context, history: history)
        indicators = figures
        checkRows = context.checks
        tables = [
            ChildrenTable.make(context),
            GrowthChecksTable.make(context),
            HouseSurveysTable.make(context),
            ConflictsTable.make(context),
            IndicatorsTable.make(figures, tier: options.tier),
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
    /// Registrations per surviving child, for the children merged by same-as decisions only
    /// (every other child has one).
    let registrations: [EntityID: Int]
    /// Growth checks kept (child present, dates in range), in id order.
    let checks: [CheckRow]
    /// Surveys kept, in id order.
    let surveys: [EntityState]
    /// Entities with conflicts, in id order.
    let conflicted: [EntityState]
    /// Each surviving child's id cell (pseudonyms computed once per child, not per check).
    let childIDs: [Cell]
    /// Each surviving child's fields that its checks' rows show.
    let childFacts: ChildFacts.Table
    /// Each check's z-scores (in ``checks`` order), computed once when the dataset is built for
    /// both the indicators and the rows: 14 bytes a check.
    let zScores: [PackedAnthroResult]

    var analyst: Bool { options.tier == .analyst }

    func id(_ id: EntityID) -> Cell { .text(analyst ? pseudonyms.pseudonym(id) : id.description) }

    func childPseudonym(_ index: Int) -> Cell { childIDs[index] }

    /// Builds the lookups, the kept checks in id order and (in `history`) what the growth
    /// status and the indicators need of the checks for a moment.
    init(state: ConsolidatedState, standards: GrowthStandards, options: DatasetOptions, history: inout CheckHistory) {
        self.state = state
        self.options = options
        self.standards = standards
        pseudonyms = Pseudonymizer(key: options.pseudonymKey)
        let canon = state.canonicalChildren()
        // Every record on all cores, in parts: children, surveys and conflicted records. The
        // parts and the order inside them depend on the machine; every list is sorted by id
        // below, so nothing else does.
        var scans = state.partialResults(ScanPart()) { scan, e in
            guard e.isCreated else { return }
            if !e.conflicts.isEmpty, options.kelurahan == nil || e.id.origin.stream.kelurahanCode == options.kelurahan?.code {
                scan.conflicted.append(e)
            }
            guard !e.isVoided else { return }
            switch e.id.kind {
            case .child: scan.children.append(e)
            case .houseSurvey:
                if (options.kelurahan == nil || e.value(FieldKey.HouseSurvey.kelurahan)?.text == options.kelurahan?.name) && options.includes(e.value(FieldKey.HouseSurvey.surveyedOn)?.date) {
                    scan.surveys.append(e)
                }
            case .growthCheck: break
            }
        }
        var regs: [EntityID: Int] = [:]
        var kept: [EntityState] = []
        var allChildren = scans.flatMap(\.children)
        for s in scans.indices { scans[s].children = [] }
        allChildren.sort { $0.id < $1.id }
        for c in allChildren {
            let survivor = canon[c.id] ?? c.id
            if canon[c.id] != nil { regs[survivor, default: 0] += 1 }
            if survivor == c.id, options.kelurahan == nil || c.value(FieldKey.Child.kelurahan)?.text == options.kelurahan?.name { kept.append(c) }
        }
        allChildren = []
        children = kept
        registrations = regs
        let pseudonyms = self.pseudonyms
        childFacts = ChildFacts.Table(kept)
        childIDs = kept.map { .text(options.tier == .analyst ? pseudonyms.pseudonym($0.id) : $0.id.description) }
        var rows = DatasetContext.findChecks(state: state, children: kept, canonical: canon, options: options)
        history = CheckHistory(rows, children: kept.count)
        let facts = childFacts
        history.computeGrowth(&rows, birthDate: { facts.facts[Int($0)].born })
        checks = rows
        zScores = DatasetContext.measure(rows, state: state, facts: facts, standards: standards)
        surveys = scans.flatMap(\.surveys).sorted { $0.id < $1.id }
        conflicted = scans.flatMap(\.conflicted).sorted { $0.id < $1.id }
    }

    /// What pass 1 finds in one part of the records.
    private struct ScanPart: Sendable {
        var children: [EntityState] = [], surveys: [EntityState] = [], conflicted: [EntityState] = []
    }

    /// A check's record in the state.
    func record(_ row: CheckRow) -> EntityState { state.record(number: row.record) }

    /// The measurement (age and z-scores) of check `i` of ``checks``: its z-scores as computed
    /// when the dataset was built, or computed again from `fields` when they could not be held.
    func measurement(_ i: Int, fields: @autoclosure () -> FieldMap) -> CheckMeasurement {
        let row = checks[i]
        if let result = zScores[i].result {
            // As CheckMeasurement: an age only with a birth date and a sex (the row's date is the check's).
            let child = childFacts.facts[Int(row.childIndex)]
            let age = child.sex == 0 ? nil : child.born.map { row.date.days(since: $0) }
            return CheckMeasurement(ageDays: age, result: result)
        }
        return measurement(row, fields: fields())
    }

    /// A check's measurement (age and z-scores), computed from its fields and its child.
    /// - Parameter headAndArm: false to leave out `hcz` and `acz` (see ``CheckMeasurement``).
    func measurement(_ row: CheckRow, fields: some CheckFields, headAndArm: Bool = true) -> CheckMeasurement {
        let child = childFacts.facts[Int(row.childIndex)]
        return CheckMeasurement(check: fields, born: child.born, sex: childFacts.text(child.sex), standards: standards,
                                headAndArm: headAndArm)
    }
}
