import SelarasAnthro
import SelarasEntry
import SelarasMerge
import SelarasModel

extension CadreApp {
    /// The inputs of a form: label, name, value, and a choice list for sex and position.
    func inputs(_ keys: [FieldKey], values: (FieldKey) -> String) -> [[String: Any]] {
        keys.map { key in
            var v: [String: Any] = ["label": FieldLabels.labels[key] ?? key.name, "name": key.name, "value": values(key),
                                    "required": key.spec.required]
            if key == FieldKey.Child.sex || key == FieldKey.GrowthCheck.position {
                let options = key == FieldKey.Child.sex ? ["Laki-laki", "Perempuan"] : ["Terlentang", "Berdiri"]
                let current = values(key)
                v["options"] = [["value": "", "text": "– pilih –", "selected": current.isEmpty]]
                    + options.map { ["value": $0, "text": $0, "selected": $0 == current] }
                v["select"] = true
            }
            if key == FieldKey.Child.born || key == FieldKey.GrowthCheck.measuredOn { v["placeholder"] = "dd/mm/yyyy" }
            if key.spec.type.scale > 0 { v["decimal"] = true }
            return v
        }
    }

    /// **Daftar anak baru**: the registration form (with values, problems and possible duplicates).
    public func registerPage(csrf: String, form: FormBody = FormBody(), problems: [String] = [],
                             duplicates: [[String: Any]] = []) -> String {
        var view = base("Daftar anak baru", csrf: csrf)
        view["inputs"] = inputs(FieldLabels.childForm) { form[$0.name] ?? "" }
        view["problems"] = problems
        view["hasProblems"] = !problems.isEmpty
        view["duplicates"] = duplicates
        view["hasDuplicates"] = !duplicates.isEmpty
        return pages.render("register", view)
    }

    /// Children that the duplicate rules say may be this one: the same NIK, or the same name
    /// (folded) and birth date, or a near name with the same birth date and mother.
    func possibleDuplicates(name: String, nik: String?, born: LocalDate?, mother: String?) -> [EntityState] {
        let n = ChildSearchIndex.fold(name), m = mother.map(ChildSearchIndex.fold)
        return state.records(of: .child).filter { c in
            guard !c.isVoided else { return false }
            if let nik, !nik.isEmpty, c.value(FieldKey.Child.nik)?.text == nik { return true }
            guard let born, c.value(FieldKey.Child.born)?.date == born else { return false }
            let other = ChildSearchIndex.fold(c.value(FieldKey.Child.name)?.text ?? "")
            if other == n { return true }
            let close = ChildSearchIndex.editDistance(Array(n), Array(other), cap: 2) <= 2
            return close && m != nil && m == c.value(FieldKey.Child.mother)?.text.map(ChildSearchIndex.fold)
        }
    }

    /// Registers a child: validates with `RecordEntry`; when the duplicate rules match and the
    /// form was not confirmed, shows "Anak ini mungkin sudah terdaftar" instead of saving.
    public func registerPost(form: FormBody, csrf: String) -> PageResult {
        let pairs: [(name: String, text: String)] = FieldLabels.childForm.compactMap { key in
            form.trimmed(key.name).map { (key.name, FieldLabels.typed(key, $0)) }
        }
        let entry = entry()
        let prepared: PreparedEvent
        do { prepared = try entry.prepareCreate(.child, pairs) } catch {
            return .page(registerPage(csrf: csrf, form: form, problems: error.problems.map(Self.indonesian)), status: 422)
        }
        if form["konfirmasi"] != "1" {
            var f = FieldMap()
            if case .create(_, let m) = prepared.draft.operation { f = m }
            let dups = possibleDuplicates(name: f[FieldKey.Child.name]?.text ?? "", nik: f[FieldKey.Child.nik]?.text,
                                          born: f[FieldKey.Child.born]?.date, mother: f[FieldKey.Child.mother]?.text)
            if !dups.isEmpty { return .page(registerPage(csrf: csrf, form: form, duplicates: dups.map(summary)), status: 200) }
        }
        do {
            let e = try save([prepared])
            return .redirect("/anak/\(e[0].entity)?tersimpan=1")
        } catch {
            return .page(registerPage(csrf: csrf, form: form, problems: [(error as? AppError)?.message ?? "\(error)"]), status: 500)
        }
    }

    /// **Anak**: the child's details, the KMS charts (BB/U and PB/U–TB/U) and the register of
    /// checks with their statuses.
    public func childPage(_ id: EntityID, csrf: String, saved: Bool) -> PageResult {
        guard let (child, growth) = growth(id) else { return .page(notFound(id, csrf: csrf), status: 404) }
        var view = base(child.value(FieldKey.Child.name)?.text ?? id.description, csrf: csrf)
        view["child"] = summary(child)
        view["saved"] = saved
        view["voided"] = child.isVoided
        view["details"] = FieldLabels.childForm.compactMap { key -> [String: Any]? in
            let v = FieldLabels.display(key, child.value(key))
            return v.isEmpty ? nil : ["label": FieldLabels.labels[key] ?? key.name, "value": v]
        }
        if let growth, let standards {
            let rows = growth.rows
            view["rows"] = rows.reversed().map(rowView)
            view["hasRows"] = !rows.isEmpty
            let w = KMSChart(measure: .weight, sex: growth.sex, standards: standards,
                             child: rows.compactMap { r in r.weight.map { (r.ageDays, $0) } })
            let h = KMSChart(measure: .lengthHeight, sex: growth.sex, standards: standards,
                             child: rows.compactMap { r in r.lengthHeight.map { (r.ageDays, $0) } })
            view["kmsWeight"] = w.view(title: "KMS: berat badan menurut umur (BB/U)")
            view["kmsLength"] = h.view(title: "Panjang/tinggi badan menurut umur (PB/U, TB/U)")
        }
        return .page(pages.render("child", view), status: 200)
    }

    /// One check as the register shows it.
    func rowView(_ r: ChildGrowth.Row) -> [String: Any] {
        func z(_ v: Double?) -> Double? { v.map { ($0 * 100).rounded() / 100 } }
        let a = r.assessment
        return ["id": r.id.description, "date": r.date.dayFirstDescription, "age": r.ageMonths,
                "weight": FieldLabels.decimal(r.weight), "length": FieldLabels.decimal(r.lengthHeight),
                "position": r.position == "lying" ? "Terlentang" : r.position == "standing" ? "Berdiri" : "",
                "muac": FieldLabels.decimal(r.muac), "head": FieldLabels.decimal(r.head),
                "waz": FieldLabels.decimal(z(r.z.waz), digits: 2), "haz": FieldLabels.decimal(z(r.z.haz), digits: 2),
                "whz": FieldLabels.decimal(z(r.z.whz), digits: 2),
                "bbu": z(r.z.waz).map { WeightForAgeCategory.classify($0).label } ?? "–",
                "tbu": z(r.z.haz).map { HeightForAgeCategory.classify($0).label } ?? "–",
                "bbtb": z(r.z.whz).map { WeightForHeightCategory.classify($0).label } ?? "–",
                "nt": a.trend.rawValue, "ntLabel": a.trend.label,
                "gain": a.gainGrams.map { "\($0) g" } ?? "–", "kbm": a.minimumGainGrams.map { "\($0) g" } ?? "–",
                "bgm": a.belowRedLine, "twoT": a.twiceNotGaining, "refer": a.refer,
                "reasons": a.referralReasons.joined(separator: "; ")]
    }

    func notFound(_ id: EntityID, csrf: String) -> String {
        var view = base("Tidak ditemukan", csrf: csrf)
        view["message"] = "\(id) tidak ada di laptop ini."
        return pages.render("refusal", view)
    }

    /// The validation's English sentences, kept (they name the field, value and range) with an
    /// Indonesian lead-in for the field's label.
    static func indonesian(_ problem: String) -> String {
        let field = problem.prefix { $0 != ":" }
        let all = FieldKey.Child.all + FieldKey.GrowthCheck.all + FieldKey.HouseSurvey.all
        guard let key = all.first(where: { $0.name == field }), let label = FieldLabels.labels[key] else { return problem }
        return "\(label) — \(problem)"
    }
}
