import SelarasEntry
import SelarasMerge
import SelarasModel

extension CadreApp {
    /// The fields of the RTLH survey form, in order.
    static let surveyFields: [FieldKey] = {
        typealias H = FieldKey.HouseSurvey
        return [H.headName, H.headNIK, H.address, H.rt, H.rw, H.occupants, H.floorArea, H.income, H.landOwnership,
                H.houseOwnership, H.roofMaterial, H.roofDamaged, H.wallMaterial, H.floorMaterial, H.structure, H.electricity,
                H.ventilation, H.toilet, H.waterSource, H.surveyedOn, H.notes]
    }()

    /// The survey form's inputs: choices as selects with Indonesian words.
    func surveyInputs(_ form: FormBody?) -> [[String: Any]] {
        Self.surveyFields.map { key in
            let current = form?[key.name] ?? (key == FieldKey.HouseSurvey.surveyedOn ? today.dayFirstDescription : "")
            var v: [String: Any] = ["label": SurveyLabels.label(key), "name": key.name, "value": current, "required": key.spec.required]
            if let choices = SurveyLabels.choices(key) {
                v["select"] = true
                v["options"] = [["value": "", "text": "– pilih –", "selected": current.isEmpty]]
                    + choices.map { ["value": $0.value, "text": $0.text, "selected": $0.value == current] }
            }
            if key == FieldKey.HouseSurvey.surveyedOn { v["placeholder"] = "dd/mm/yyyy" }
            if key.spec.type.scale > 0 { v["decimal"] = true }
            return v
        }
    }

    /// **Survei RTLH**: the house survey form.
    public func surveyPage(csrf: String, form: FormBody? = nil, problems: [String] = []) -> PageResult {
        var view = base("Survei RTLH", csrf: csrf)
        view["inputs"] = surveyInputs(form)
        view["problems"] = problems
        view["hasProblems"] = !problems.isEmpty
        return .page(pages.render("survey", view), status: problems.isEmpty ? 200 : 422)
    }

    /// Records a survey through `RecordEntry`; the page says Tersimpan after the acknowledgement.
    public func surveyPost(form: FormBody, csrf: String) -> PageResult {
        var pairs: [(name: String, text: String)] = Self.surveyFields.compactMap { key in form.trimmed(key.name).map { (key.name, $0) } }
        pairs.append((FieldKey.HouseSurvey.surveyor.name, author))
        let saved: [Event]
        do { saved = try save([try entry().prepareCreate(.houseSurvey, pairs)]) } catch let e as EntryError {
            return surveyPage(csrf: csrf, form: form, problems: e.problems.map { p in
                let field = p.prefix { $0 != ":" }
                return Self.surveyFields.first { $0.name == field }.map { SurveyLabels.label($0) + " — " + p } ?? p
            })
        } catch {
            return surveyPage(csrf: csrf, form: form, problems: [(error as? AppError)?.message ?? "\(error)"])
        }
        var view = base("Tersimpan", csrf: csrf)
        let record = state[saved[0].entity]
        view["id"] = saved[0].entity.description
        view["values"] = Self.surveyFields.compactMap { key -> [String: Any]? in
            guard let v = record?.value(key) else { return nil }
            let stored = v.text ?? v.bool.map { $0 ? "ya" : "tidak" }  // a yes/no field is a choice of Ya/Tidak on the form
            let shown = SurveyLabels.choices(key)?.first { $0.value == stored }?.text ?? FieldLabels.display(key, v)
            return ["label": SurveyLabels.label(key), "value": shown, "name": key.name]
        }
        return .page(pages.render("survey-saved", view), status: 200)
    }
}
