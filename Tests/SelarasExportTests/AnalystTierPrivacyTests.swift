import SelarasAnthro
import SelarasExport
import SelarasMerge
import SelarasModel
import SelarasTestSupport
import Testing

/// The analyst tier gives no birth or survey date finer than its month, and no exact income
/// (finding 12, build item 7).
///
/// The test reads the analyst tier as someone trying to recover a date would: for each child
/// (by pseudonym) it intersects what every date and age cell of every row about the child
/// allows, reading each column as the tier's codebook describes it, and counts the birth
/// dates that remain possible. Fewer than 28 is a failure; the true date must always remain
/// (so the reading is not wrong in the tier's favour).
@Suite("Export: analyst-tier privacy")
struct AnalystTierPrivacyTests {
    static let key = [UInt8](repeating: 0x3c, count: 32)
    static let stream = StreamID(origin: ReplicaID(rawValue: 0x9e4e), kelurahanCode: SampleRecords.kelurahan.code)
    static let asOf = SampleRecords.today

    /// A generated data set: 200 children born on random days of five years, each measured
    /// 0–14 times at irregular intervals on random days, and 120 house surveys on random days
    /// with random incomes. Returns the state and the truth: birth dates, survey dates and
    /// incomes by analyst-tier pseudonym.
    static func generated(seed: UInt64) -> (ConsolidatedState, born: [String: LocalDate], surveyed: [String: LocalDate], income: [String: Int64]) {
        var rng = SeededRandom(seed: seed)
        let pseudonyms = Pseudonymizer(key: key)
        let first = LocalDate(year: 2020, month: 4, day: 1)!
        var drafts: [EventDraft] = []
        var born: [String: LocalDate] = [:], surveyed: [String: LocalDate] = [:], income: [String: Int64] = [:]
        var seq = 0
        func id(_ kind: RecordKind) -> EntityID {
            seq += 1
            return EntityID(kind: kind, origin: Dot(stream: stream, seq: UInt64(seq)))
        }
        for i in 0..<200 {
            let b = first.adding(days: Int.random(in: 0..<(asOf.days(since: first) - 20), using: &rng))
            let child = id(.child)
            born[pseudonyms.pseudonym(child)] = b
            drafts.append(.create(.child, SampleRecords.child(name: "Anak \(i)", sex: Bool.random(using: &rng) ? "L" : "P", born: b),
                                  kelurahanCode: stream.kelurahanCode, author: "Bu Rina", recordedAt: SampleRecords.recordedAt))
            var day = b.adding(days: Int.random(in: 0...60, using: &rng))
            for _ in 0..<Int.random(in: 0...14, using: &rng) {
                guard day <= asOf else { break }
                let months = Double(day.days(since: b)) / 30.4375
                drafts.append(.create(.growthCheck,
                                      SampleRecords.growthCheck(child: child, measured: day, weightTenths: Int64(33 + months * 2.2),
                                                                lengthTenths: Int64(500 + months * 16)),
                                      kelurahanCode: stream.kelurahanCode, author: "Bu Rina", recordedAt: SampleRecords.recordedAt))
                _ = id(.growthCheck)
                day = day.adding(days: Int.random(in: 20...75, using: &rng))
            }
        }
        for i in 0..<120 {
            var survey = SampleRecords.houseSurvey(head: "Kepala \(i)")
            let d = first.adding(days: Int.random(in: 0..<asOf.days(since: first), using: &rng))
            let rupiah = Int64.random(in: 500_000...12_000_000, using: &rng)
            survey[25] = .date(d)
            survey[14] = .number(rupiah)
            let s = id(.houseSurvey)
            surveyed[pseudonyms.pseudonym(s)] = d
            income[pseudonyms.pseudonym(s)] = rupiah
            drafts.append(.create(.houseSurvey, survey, kelurahanCode: stream.kelurahanCode, author: "Bu Sari",
                                  recordedAt: SampleRecords.recordedAt))
        }
        var state = ConsolidatedState()
        var previous = EventHash.zero
        for (i, d) in drafts.enumerated() {
            let e = d.event(at: Dot(stream: stream, seq: UInt64(i + 1)), previousHash: previous)
            previous = EventHash.of(Array(e.entity.description.utf8))
            state.apply(e)
        }
        return (state, born, surveyed, income)
    }

    static func analystDataset(_ state: ConsolidatedState) throws -> Dataset {
        var options = DatasetOptions(pseudonymKey: key, asOf: asOf)
        options.tier = .analyst
        return Dataset(state: state, standards: try GrowthStandards.bundled(), options: options)
    }

    /// A table's rows as column name → cell.
    static func rows(_ dataset: Dataset, _ name: String) throws -> (columns: [Column], rows: [[String: Cell]]) {
        let table = try #require(dataset.table(name))
        let columns = table.schema.columns
        var out: [[String: Cell]] = []
        table.forEachRow { cells in
            var row: [String: Cell] = [:]
            for (c, cell) in zip(columns, cells) { row[c.name] = cell }
            out.append(row)
        }
        return (columns, out)
    }

    /// The days a date cell stands for: its month when every value of the column is the
    /// first of a month (the tier writes months that way), else the day itself.
    static func days(_ cell: Cell?, monthly: Bool) -> ClosedRange<Int>? {
        guard case .date(let d) = cell else { return nil }
        guard monthly else { return Int(d.daysSinceEpoch)...Int(d.daysSinceEpoch) }
        let c = d.components
        let next = c.month == 12 ? LocalDate(year: c.year + 1, month: 1, day: 1)! : LocalDate(year: c.year, month: c.month + 1, day: 1)!
        return Int(d.daysSinceEpoch)...(Int(next.daysSinceEpoch) - 1)
    }

    static func isMonthly(_ column: String, in rows: [[String: Cell]]) -> Bool {
        rows.allSatisfy { if case .date(let d) = $0[column] { d.components.day == 1 } else { true } }
    }

    static func monthIndex(_ d: LocalDate) -> Int { let c = d.components; return c.year * 12 + c.month }

    /// Whether an `age_months` value fits a birth date and a measurement (or as-of) date, read
    /// as the column's description says: calendar months (month minus month), completed
    /// months of 30.4375 days (`growth_checks` in the office reading), or completed calendar
    /// months (`children` in the office reading).
    static func ageFits(_ months: Int64, born b: LocalDate, at m: LocalDate, column: Column) -> Bool {
        if column.description.contains("calendar months") { return monthIndex(m) - monthIndex(b) == months }
        if column.description.contains("30.4375") { return Int64(Double(m.days(since: b)) / 30.4375) == months }
        var completed = monthIndex(m) - monthIndex(b)
        if m.components.day < b.components.day { completed -= 1 }
        return Int64(completed) == months
    }

    @Test("no child's birth date is narrowed below 28 days by the analyst tier's date and age columns (seeds 1-3)",
          arguments: [UInt64(1), 2, 3])
    func birthDateWindows(seed: UInt64) throws {
        let (state, born, _, _) = Self.generated(seed: seed)
        let dataset = try Self.analystDataset(state)
        let children = try Self.rows(dataset, "children"), checks = try Self.rows(dataset, "growth_checks")
        #expect(!children.columns.contains { $0.name == "born" })
        let monthlyChecks = Self.isMonthly("measured_on", in: checks.rows)
        let checkAge = checks.columns.first { $0.name == "age_months" }
        let childAge = children.columns.first { $0.name == "age_months" }
        let hasAgeDays = checks.columns.contains { $0.name == "age_days" }
        var checksOf: [Cell: [[String: Cell]]] = [:]
        for r in checks.rows { checksOf[r["child_id"] ?? .null, default: []].append(r) }
        #expect(children.rows.count == 200 && checks.rows.count > 500)

        var narrow: [(String, Int)] = []
        for child in children.rows {
            guard case .text(let pseudonym) = child["child_id"], let truth = born[pseudonym] else {
                Issue.record("a child row without a known pseudonym: \(child)")
                continue
            }
            // Candidates: the true date ± 62 days (a window that reaches 28 inside it is wide enough).
            var possible: [LocalDate] = []
            for offset in -62...62 {
                let b = truth.adding(days: offset)
                if let childAge, case .integer(let m) = child["age_months"], !Self.ageFits(m, born: b, at: Self.asOf, column: childAge) { continue }
                let fitsEveryCheck = (checksOf[child["child_id"]!] ?? []).allSatisfy { row in
                    guard let measured = Self.days(row["measured_on"], monthly: monthlyChecks) else { return true }
                    return measured.contains { day in
                        let m = LocalDate(daysSinceEpoch: Int32(day))
                        if hasAgeDays, case .integer(let a) = row["age_days"], Int64(m.days(since: b)) != a { return false }
                        if let checkAge, case .integer(let a) = row["age_months"], !Self.ageFits(a, born: b, at: m, column: checkAge) { return false }
                        return true
                    }
                }
                if fitsEveryCheck { possible.append(b) }
            }
            #expect(possible.contains(truth), "the reading excludes the true birth date of \(pseudonym)")
            if possible.count < 28 { narrow.append((pseudonym, possible.count)) }
        }
        #expect(narrow.isEmpty, "\(narrow.count) of 200 children have a birth-date window under 28 days (narrowest \(narrow.map(\.1).min() ?? 0) days)")
    }

    @Test("no survey date is narrowed below 28 days, and no exact income is shown (seeds 1-3)", arguments: [UInt64(1), 2, 3])
    func surveyWindowsAndIncome(seed: UInt64) throws {
        let (state, _, surveyed, income) = Self.generated(seed: seed)
        let surveys = try Self.rows(try Self.analystDataset(state), "house_surveys")
        #expect(surveys.rows.count == 120)
        let monthly = Self.isMonthly("surveyed_on", in: surveys.rows)
        var narrow = 0
        for row in surveys.rows {
            guard case .text(let pseudonym) = row["survey_id"], let truth = surveyed[pseudonym], let rupiah = income[pseudonym] else {
                Issue.record("a survey row without a known pseudonym: \(row)")
                continue
            }
            let window = try #require(Self.days(row["surveyed_on"], monthly: monthly))
            #expect(window.contains(Int(truth.daysSinceEpoch)))
            if window.count < 28 { narrow += 1 }
            for (column, cell) in row {
                let exact: Bool
                switch cell {
                case .integer(let n): exact = n == rupiah
                case .decimal(let x, _): exact = x == Double(rupiah)
                case .text(let t): exact = t == String(rupiah)
                default: exact = false
                }
                #expect(!exact, "\(column) shows the exact income \(rupiah)")
            }
            #expect(row["income_band"] == .text(IncomeBand.label(rupiah)))
        }
        #expect(narrow == 0, "\(narrow) of 120 surveys have a date window under 28 days")
    }

    @Test("income bands: every figure falls in exactly one band, boundaries included below")
    func incomeBands() {
        #expect(IncomeBand.label(0) == "0-1.0M")
        #expect(IncomeBand.label(3_899_999) == "3.0M-3.9M")
        #expect(IncomeBand.label(3_900_000) == "3.9M-5.0M")
        #expect(IncomeBand.label(1_000_000_000) == "7.5M+")
        #expect(IncomeBand.bands.map(\.lower) == IncomeBand.bands.map(\.lower).sorted())
        #expect(IncomeBand.bands.contains { $0.lower == RTLHThresholds().incomeLimit })
    }
}
