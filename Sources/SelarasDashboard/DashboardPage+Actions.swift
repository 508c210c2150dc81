import Foundation
import SelarasExport
import SelarasModel

/// The sections with actions: conflicts, duplicates and downloads. With a hub they are forms
/// posting to `POST /v1/conflicts/resolve` (entity, field, value) and
/// `POST /v1/duplicates/decide` (a, b, decision = same | not-same), and links to
/// `GET /v1/exports/{format}?tier=…`; without one they are shown disabled with the `selaras`
/// command that does the same.
extension DashboardPage {
    /// A form's opening tag and hidden fields; `fieldset disabled` when actions are off.
    func form(_ path: String, hidden: [(String, String)]) -> String {
        var h = "<form method=\"post\" action=\"\(e(options.basePath + path))\">"
        if !options.actionsEnabled { h += "<fieldset disabled>" }
        if let csrf = options.csrfToken { h += "<input type=\"hidden\" name=\"csrf\" value=\"\(e(csrf))\">" }
        for (name, value) in hidden { h += "<input type=\"hidden\" name=\"\(e(name))\" value=\"\(e(value))\">" }
        return h
    }

    func endForm() -> String { options.actionsEnabled ? "</form>" : "</fieldset></form>" }

    /// The equivalent command line, shown when actions are off.
    func command(_ words: [String]) -> String {
        guard !options.actionsEnabled else { return "" }
        var all = ["selaras"] + words
        if let store = options.storeArgument { all += ["--store", store] }
        return "<code class=\"cmd\">\(e(all.map(Self.shellQuoted).joined(separator: " ")))</code>"
    }

    /// A word quoted for a POSIX shell when it needs it.
    static func shellQuoted(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./:".unicodeScalars.contains($0)
        }
        return plain ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func kindLabel(_ k: RecordKind) -> DashboardLabel {
        switch k {
        case .child: .kindChild
        case .growthCheck: .kindCheck
        case .houseSurvey: .kindSurvey
        }
    }

    /// A section listing open items: the count in its heading, then a table of `rows`, or
    /// `empty` when there are none.
    func listSection(id: String, title: DashboardLabel, metric: String, empty: DashboardLabel,
                     columns: [DashboardLabel], rows: [String]) -> String {
        let h = "<section id=\"\(id)\">\n<h2>\(e(title.id)) " + figure(.integer(Int64(rows.count)), metric: metric) + "</h2>\n"
        guard !rows.isEmpty else { return h + "<p>\(e(empty.id))</p>\n</section>\n" }
        return h + tableHead(columns) + rows.joined() + "</tbody>\n</table>\n</section>\n"
    }

    /// A table's opening, its header row and the opening of its body.
    func tableHead(_ columns: [DashboardLabel]) -> String {
        "<table>\n<thead><tr>" + columns.map { "<th>\(e($0.id))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
    }

    func conflicts(_ snap: DashboardSnapshot) -> String {
        let rows = snap.conflicts.map { c in
            let id = c.entity.description
            var h = "<tr class=\"conflict\" data-entity=\"\(e(id))\" data-field=\"\(e(c.field))\">"
            h += "<td>\(e(c.subject.isEmpty ? "–" : c.subject))<br><small>\(e(Self.kindLabel(c.entity.kind).id)) <code>\(e(id))</code></small></td>"
            h += "<td><code>\(e(c.field))</code></td><td><ul class=\"values\">"
            for v in c.values {
                h += "<li>" + form("/v1/conflicts/resolve", hidden: [("entity", id), ("field", c.field), ("value", v.value)])
                    + "<q>\(e(v.value))</q> <small>\(e(v.author))\(v.shown ? " · " + e(L.shownValue.id) : "")</small> "
                    + "<button type=\"submit\">\(e(L.choose.id))</button>" + endForm()
                    + command(["resolve", id, c.field, v.value]) + "</li>"
            }
            return h + "</ul></td><td>" + form("/v1/conflicts/resolve", hidden: [("entity", id), ("field", c.field)])
                + "<input name=\"value\" required aria-label=\"\(e(L.otherValue.id))\"> <button type=\"submit\">\(e(L.save.id))</button>"
                + endForm() + "</td></tr>\n"
        }
        return listSection(id: "konflik", title: .conflicts, metric: "open_conflicts", empty: .noConflicts,
                           columns: [.record, .field, .values, .otherValue], rows: rows)
    }

    func duplicates(_ snap: DashboardSnapshot) -> String {
        func child(_ c: OpenDuplicate.Child) -> String {
            "\(e(c.name.isEmpty ? "–" : c.name))<br><small>\(e(L.born.id)) \(e(c.born)) · \(e(L.mother.id)) \(e(c.mother.isEmpty ? "–" : c.mother))"
                + (c.kelurahan.isEmpty ? "" : " · \(e(c.kelurahan))") + "<br><code>\(e(c.id.description))</code></small>"
        }
        let rows = snap.duplicates.map { d in
            let a = d.first.id.description, b = d.second.id.description
            return "<tr class=\"duplicate\" data-a=\"\(e(a))\" data-b=\"\(e(b))\"><td>\(child(d.first))</td><td>\(child(d.second))</td>"
                + "<td>\(d.evidence.map { e(L.evidence($0)) }.joined(separator: "<br>"))</td><td>"
                + form("/v1/duplicates/decide", hidden: [("a", a), ("b", b)])
                + "<button type=\"submit\" name=\"decision\" value=\"same\">\(e(L.sameChild.id))</button> "
                + "<button type=\"submit\" name=\"decision\" value=\"not-same\">\(e(L.differentChildren.id))</button>" + endForm()
                + command(["same-as", a, b]) + command(["not-same", a, b]) + "</td></tr>\n"
        }
        return listSection(id: "duplikat", title: .duplicates, metric: "open_duplicates", empty: .noDuplicates,
                           columns: [.firstChild, .secondChild, .evidence, .actions], rows: rows)
    }

    func downloads(_ snap: DashboardSnapshot) -> String {
        var h = "<section id=\"unduh\">\n<h2>\(e(L.downloads.id))</h2>\n" + tableHead([.format, .about, .officeTier, .analystTier])
        var formats: [String] = []
        for l in snap.exports where !formats.contains(l.format) { formats.append(l.format) }
        for f in formats {
            let links = snap.exports.filter { $0.format == f }
            h += "<tr><td><code>\(e(f))</code></td><td>\(e(DashboardLabel.formatDescription(f, summary: links.first?.summary ?? "")))</td>"
            for tier in [ExportTier.office, .analyst] {
                guard let l = links.first(where: { $0.tier == tier }) else { h += "<td>–</td>"; continue }
                let title = "\(L.download.id) \(f) (\(tier == .office ? L.officeTier.id : L.analystTier.id))"
                if options.actionsEnabled {
                    h += "<td><a class=\"download\" href=\"\(e(options.basePath + l.path))\" data-format=\"\(e(f))\" data-tier=\"\(tier.rawValue)\" "
                        + "title=\"\(e(title))\">\(e(L.download.id))</a></td>"
                } else {
                    h += "<td><span class=\"download off\" data-path=\"\(e(options.basePath + l.path))\" data-format=\"\(e(f))\" "
                        + "data-tier=\"\(tier.rawValue)\">\(e(L.download.id))</span> "
                        + command(["export", "--format", f, "--tier", tier.rawValue, "--out", "DIR"]) + "</td>"
                }
            }
            h += "</tr>\n"
        }
        return h + "</tbody>\n</table>\n</section>\n"
    }
}
