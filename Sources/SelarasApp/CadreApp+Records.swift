import Foundation
import SelarasEntry
import SelarasMerge
import SelarasModel

extension CadreApp {
    /// **Koreksi / batalkan**: a record's current values in a correction form, the void form,
    /// and its history (every event about it, oldest first).
    public func recordPage(_ id: EntityID, csrf: String, problems: [String] = [], saved: String? = nil) -> PageResult {
        guard let record = state[id], record.isCreated, id.kind != .houseSurvey else { return .page(notFound(id, csrf: csrf), status: 404) }
        let keys = id.kind == .child ? FieldLabels.childForm : FieldLabels.checkForm
        var view = base("Koreksi / batalkan", csrf: csrf)
        view["id"] = id.description
        view["kind"] = id.kind == .child ? "anak" : "penimbangan"
        view["isChild"] = id.kind == .child
        view["childId"] = id.kind == .child ? id.description : (childOf[id]?.description ?? "")
        view["voided"] = record.isVoided
        view["inputs"] = inputs(keys) { FieldLabels.display($0, record.value($0)) }
        view["problems"] = problems
        view["hasProblems"] = !problems.isEmpty
        view["saved"] = saved ?? ""
        view["hasSaved"] = saved != nil
        view["history"] = history(id)
        return .page(pages.render("record", view), status: problems.isEmpty ? 200 : 422)
    }

    /// Every event about a record, oldest first, in Indonesian: read through the logs' indexes
    /// at the record's own dots (``events(of:)``), not by scanning the store.
    func history(_ id: EntityID) -> [[String: Any]] {
        let events = (try? self.events(of: id)) ?? []
        var out: [[String: Any]] = []
        for e in events {
            let when = Date(timeIntervalSince1970: Double(e.recordedAt) / 1000)
            let f = DateFormatter()
            f.dateFormat = "dd/MM/yyyy HH:mm"
            f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
            var what = "", reason = ""
            var changes: [String] = []
            switch e.operation {
            case .create(_, let m):
                what = "Dibuat"
                changes = m.map { tag, v in self.describe(id.kind, tag, v) }
            case .correct(let m, let r):
                what = "Dikoreksi"; reason = r
                changes = m.map { tag, v in self.describe(id.kind, tag, v) }
            case .void(let r): what = "Dibatalkan"; reason = r
            case .link(let other, let same, let r): what = same ? "Ditandai sama dengan \(other)" : "Ditandai bukan \(other)"; reason = r
            }
            out.append(["what": what, "reason": reason, "author": e.author, "when": f.string(from: when),
                        "changes": changes.joined(separator: "; ")])
        }
        return out
    }

    func describe(_ kind: RecordKind, _ tag: UInt8, _ v: FieldValue) -> String {
        guard let spec = kind.schema.field(tag: tag) else { return "" }
        let key = (FieldKey.Child.all + FieldKey.GrowthCheck.all).first { $0.kind == kind && $0.name == spec.name }
        let label = key.flatMap { FieldLabels.labels[$0] } ?? spec.name
        return "\(label): \(key.map { FieldLabels.display($0, v) } ?? v.formatted(as: spec.type))"
    }

    /// Corrects a record: only the fields whose text changed are sent, with the reason.
    public func correctPost(_ id: EntityID, form: FormBody, csrf: String) -> PageResult {
        guard let record = state[id], record.isCreated else { return .page(notFound(id, csrf: csrf), status: 404) }
        let keys = id.kind == .child ? FieldLabels.childForm : FieldLabels.checkForm
        guard let reason = form.trimmed("alasan") else { return recordPage(id, csrf: csrf, problems: ["Alasan koreksi wajib diisi."]) }
        let pairs: [(name: String, text: String)] = keys.compactMap { key in
            let now = FieldLabels.display(key, record.value(key))
            guard let typed = form[key.name]?.trimmingCharacters(in: .whitespaces), typed != now, !typed.isEmpty else { return nil }
            return (key.name, FieldLabels.typed(key, typed))
        }
        guard !pairs.isEmpty else { return recordPage(id, csrf: csrf, problems: ["Tidak ada nilai yang berubah."]) }
        do {
            let p = try entry().prepareCorrection(id, pairs, reason: reason)
            try save([p])
        } catch let e as EntryError {
            return recordPage(id, csrf: csrf, problems: e.problems.map(Self.indonesian))
        } catch {
            return recordPage(id, csrf: csrf, problems: [(error as? AppError)?.message ?? "\(error)"])
        }
        return .redirect("/rekaman/\(id)?tersimpan=koreksi")
    }

    /// Voids a record with its reason; a child with checks only with "beserta penimbangan".
    public func voidPost(_ id: EntityID, form: FormBody, csrf: String) -> PageResult {
        guard state[id]?.isCreated ?? false else { return .page(notFound(id, csrf: csrf), status: 404) }
        let reason = form.trimmed("alasan") ?? ""
        do {
            let entry = entry()
            let prepared = id.kind == .child && form["beserta"] == "1"
                ? try entry.prepareVoidWithChecks(id, reason: reason) : [try entry.prepareVoid(id, reason: reason)]
            try save(prepared)
        } catch let e as EntryError {
            return recordPage(id, csrf: csrf, problems: e.problems.map(Self.indonesian))
        } catch {
            return recordPage(id, csrf: csrf, problems: [(error as? AppError)?.message ?? "\(error)"])
        }
        return .redirect("/rekaman/\(id)?tersimpan=batal")
    }
}
