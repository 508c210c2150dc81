import SelarasAnthro
import SelarasEntry
import SelarasMerge
import SelarasModel

extension CadreApp {
    /// The fields of the weighing form, in tab order.
    static let checkFields: [FieldKey] = [
        FieldKey.GrowthCheck.measuredOn, FieldKey.GrowthCheck.weight, FieldKey.GrowthCheck.lengthHeight,
        FieldKey.GrowthCheck.position, FieldKey.GrowthCheck.muac, FieldKey.GrowthCheck.head, FieldKey.GrowthCheck.notes,
    ]

    /// **Penimbangan**: the form, with the last measurement beside the new one, and any
    /// problems or warnings (then "Simpan juga" confirms).
    public func checkPage(_ id: EntityID, csrf: String, form: FormBody? = nil, problems: [String] = [],
                          warnings: [String] = []) -> PageResult {
        guard let (child, growth) = growth(id) else { return .page(notFound(id, csrf: csrf), status: 404) }
        var view = base("Penimbangan", csrf: csrf)
        view["child"] = summary(child)
        let last = growth?.rows.last
        if let last { view["last"] = rowView(last) }
        view["inputs"] = inputs(Self.checkFields) { key in
            if let form { return form[key.name] ?? "" }
            if key == FieldKey.GrowthCheck.measuredOn { return self.today.dayFirstDescription }
            if key == FieldKey.GrowthCheck.position, let p = last?.position {
                return FieldLabels.display(key, .text(p))
            }
            return ""
        }
        view["problems"] = problems
        view["hasProblems"] = !problems.isEmpty
        view["warnings"] = warnings
        view["hasWarnings"] = !warnings.isEmpty
        return .page(pages.render("check", view), status: problems.isEmpty ? 200 : 422)
    }

    /// Warnings from comparing a new check with the child's last one: a weight that changed by
    /// more than a fifth, or a length/height that shrank by more than 1 cm.
    static func changeWarnings(last: LastCheck?, weight: Double?, length: Double?) -> [String] {
        guard let last else { return [] }
        var out: [String] = []
        if let w = weight, let lw = last.weight, lw > 0, abs(w - lw) / lw > 0.2 {
            out.append("BB \(FieldLabels.decimal(w)) kg berbeda lebih dari 20 % dari penimbangan terakhir (\(FieldLabels.decimal(lw)) kg pada \(last.date.dayFirstDescription)): periksa timbangan dan angka.")
        }
        if let l = length, let ll = last.lengthHeight, l < ll - 1 {
            out.append("PB/TB \(FieldLabels.decimal(l)) cm lebih pendek dari pengukuran terakhir (\(FieldLabels.decimal(ll)) cm): periksa cara ukur dan angka.")
        }
        return out
    }

    /// The child's latest visible check (by date, then id), with the raw values the change
    /// warnings compare with: the same check as the last row of ``ChildGrowth``, found without
    /// building the rows (no sort, no N/T, no z-scores). O(checks of the child).
    func lastCheck(of child: EntityID) -> LastCheck? {
        typealias K = FieldKey.GrowthCheck
        var best: (date: LocalDate, id: EntityID, state: EntityState)? = nil
        for id in checksOf[child] ?? [] {
            guard let c = state[id], c.isCreated, !c.isVoided, let d = c.value(K.measuredOn)?.date else { continue }
            if best == nil || (d, id) > (best!.date, best!.id) { best = (d, id, c) }
        }
        guard let best else { return nil }
        return LastCheck(date: best.date, weight: best.state.fields.decimal(K.weight),
                         lengthHeight: best.state.fields.decimal(K.lengthHeight))
    }

    /// The weighing form as `RecordEntry` reads it: the child, the typed fields (Indonesian
    /// choices turned into the schema's values), the child's posyandu and the cadre.
    func checkPairs(_ child: EntityState, form: FormBody) -> [(name: String, text: String)] {
        var pairs: [(name: String, text: String)] = [(FieldKey.GrowthCheck.child.name, child.id.description)]
        for key in Self.checkFields {
            if let v = form.trimmed(key.name) { pairs.append((key.name, FieldLabels.typed(key, v))) }
        }
        if let p = child.value(FieldKey.Child.posyandu)?.text { pairs.append((FieldKey.GrowthCheck.posyandu.name, p)) }
        pairs.append((FieldKey.GrowthCheck.cadre.name, author))
        return pairs
    }

    /// Records a check: validates with `RecordEntry`; warnings (WHO flags, big changes) are
    /// shown first and saved only once confirmed. After the store acknowledged the check, the
    /// result page says **Tersimpan** with BB/U, TB/U, BB/TB, N/T, BGM, 2T and referral.
    public func checkPost(_ id: EntityID, form: FormBody, csrf: String) -> PageResult {
        checkPostTimed(id, form: form, csrf: csrf).page
    }

    /// ``checkPost(_:form:csrf:)``, with where its time went (for `selaras-bench app`).
    public func checkPostTimed(_ id: EntityID, form: FormBody, csrf: String) -> (page: PageResult, timings: SaveTimings) {
        let clock = ContinuousClock()
        let start = clock.now
        var timings = SaveTimings()
        guard let child = state[id], child.isCreated, id.kind == .child else {
            return (.page(notFound(id, csrf: csrf), status: 404), timings)
        }
        let prepared: PreparedEvent
        do { prepared = try entry().prepareCreate(.growthCheck, checkPairs(child, form: form)) } catch {
            return (checkPage(id, csrf: csrf, form: form, problems: error.problems.map(Self.indonesian)), timings)
        }
        var fields = FieldMap()
        if case .create(_, let m) = prepared.draft.operation { fields = m }
        let warnings = prepared.warnings + Self.changeWarnings(
            last: lastCheck(of: id), weight: fields.decimal(FieldKey.GrowthCheck.weight),
            length: fields.decimal(FieldKey.GrowthCheck.lengthHeight))
        if !warnings.isEmpty, form["konfirmasi"] != "1" {
            return (checkPage(id, csrf: csrf, form: form, warnings: warnings), timings)
        }
        timings.validation = clock.now - start
        let saved: [Event]
        do { saved = try save([prepared], timings: &timings) } catch {
            return (checkPage(id, csrf: csrf, form: form, problems: [(error as? AppError)?.message ?? "\(error)"]), timings)
        }
        let rendering = clock.now
        var view = base("Tersimpan", csrf: csrf)
        view["child"] = summary(child)
        if let row = self.growth(id, zScores: .only(saved[0].entity))?.1?.rows.first(where: { $0.id == saved[0].entity }) {
            view["row"] = rowView(row)
        }
        view["warnings"] = warnings
        view["hasWarnings"] = !warnings.isEmpty
        let page = PageResult.page(pages.render("saved", view), status: 200)
        timings.render = clock.now - rendering
        return (page, timings)
    }
}
