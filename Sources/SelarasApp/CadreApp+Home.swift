import SelarasAnthro
import SelarasMerge
import SelarasModel

extension CadreApp {
    /// The view common to every page: its title, the CSRF token and the store's kelurahan.
    func base(_ title: String, csrf: String) -> [String: Any] {
        ["title": title, "csrf": csrf, "kelurahan": kelurahan.name, "today": today.dayFirstDescription]
    }

    /// A child's one-line summary for lists.
    func summary(_ c: EntityState) -> [String: Any] {
        ["id": c.id.description, "name": c.value(FieldKey.Child.name)?.text ?? "?",
         "born": c.value(FieldKey.Child.born)?.date?.dayFirstDescription ?? "",
         "sex": FieldLabels.display(FieldKey.Child.sex, c.value(FieldKey.Child.sex)),
         "mother": c.value(FieldKey.Child.mother)?.text ?? "", "nik": c.value(FieldKey.Child.nik)?.text ?? "",
         "posyandu": c.value(FieldKey.Child.posyandu)?.text ?? ""]
    }

    /// **Beranda**: this month's session — S (balita registered, under 60 months), D (weighed
    /// this month), D/S, O (not yet weighed this month) and who needs a home visit (the last
    /// weighing says BGM, 2T or refer).
    public func homePage(csrf: String) -> String {
        let month = today.monthNumber
        var s = 0, d = 0
        var notCome: [[String: Any]] = [], visit: [[String: Any]] = []
        for c in state.records(of: .child) where !c.isVoided {
            guard let born = c.value(FieldKey.Child.born)?.date, today.completedMonths(since: born) < 60 else { continue }
            s += 1
            let growth = growth(c.id)?.1
            let last = growth?.rows.last
            if let last, last.date.monthNumber == month { d += 1 } else if notCome.count < 200 { notCome.append(summary(c)) }
            if let last, last.assessment.refer, visit.count < 200 {
                var v = summary(c)
                v["why"] = last.assessment.referralReasons.joined(separator: "; ")
                visit.append(v)
            }
        }
        var view = base("Beranda", csrf: csrf)
        view["s"] = s
        view["d"] = d
        view["o"] = s - d
        view["ds"] = s == 0 ? "–" : "\(Int((Double(d) * 100 / Double(s)).rounded())) %"
        view["notCome"] = notCome
        view["visit"] = visit
        view["hasVisit"] = !visit.isEmpty
        view["month"] = today.dayFirstDescription.dropFirst(3).description
        return pages.render("home", view)
    }

    /// **Cari anak**: children by name, NIK, mother's name or posyandu.
    public func searchPage(query: String, csrf: String) -> String {
        var view = base("Cari anak", csrf: csrf)
        view["q"] = query
        let q = String(query.prefix(200))
        if !q.trimmingCharacters(in: .whitespaces).isEmpty {
            let found = index.search(q).compactMap { state[$0] }.map(summary)
            view["results"] = found
            view["searched"] = true
            view["none"] = found.isEmpty
        }
        return pages.render("search", view)
    }
}
