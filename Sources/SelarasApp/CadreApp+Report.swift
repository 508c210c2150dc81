import Crypto
import Foundation
import SelarasAnthro
import SelarasExport
import SelarasExportEPPGBM
import SelarasModel
import SelarasReport

extension CadreApp {
    /// The report's answer: its HTML and the Content-Security-Policy allowing exactly its
    /// inline stylesheet (by hash), nothing else.
    public struct ReportAnswer: Sendable {
        /// The page.
        public let html: String
        /// The page's policy.
        public let contentSecurityPolicy: String
    }

    /// **Laporan bulanan**: the form choosing the month and the posyandu.
    public func reportFormPage(csrf: String, problems: [String] = []) -> PageResult {
        var view = base("Laporan bulanan", csrf: csrf)
        view["month"] = thisMonthText
        view["posyandu"] = posyanduNames().map { ["name": $0] }
        view["problems"] = problems
        view["hasProblems"] = !problems.isEmpty
        return .page(pages.render("report", view), status: problems.isEmpty ? 200 : 422)
    }

    /// This month as MM/YYYY.
    var thisMonthText: String {
        let c = today.components
        return (c.month < 10 ? "0" : "") + "\(c.month)/\(c.year)"
    }

    /// The posyandu names recorded on this laptop's children and checks, sorted.
    func posyanduNames() -> [String] {
        var names = Set<String>()
        for kind in [RecordKind.child, .growthCheck] {
            for r in state.records(of: kind) {
                let key = kind == .child ? FieldKey.Child.posyandu : FieldKey.GrowthCheck.posyandu
                if let p = r.value(key)?.text, !p.isEmpty { names.insert(p) }
            }
        }
        return names.sorted()
    }

    /// The monthly report of this laptop's kelurahan (one posyandu, or all when `posyandu` is
    /// empty) for `month` (MM/YYYY or YYYY-MM): SelarasReport's ``MonthlyReport`` page, the one
    /// `selaras report` writes, over the state kept in memory.
    /// - Returns: the page, or the form with one sentence saying what is wrong.
    public func report(month text: String, posyandu: String?, csrf: String) -> Result<ReportAnswer, ReportRefusal> {
        guard let month = ReportMonth(text.trimmingCharacters(in: .whitespaces)) else {
            return .failure(ReportRefusal(page: reportFormPage(csrf: csrf, problems: [
                "Bulan '\(text.prefix(40))' tidak dikenal: tulis MM/YYYY, misalnya \(thisMonthText)."])))
        }
        guard let standards else {
            return .failure(ReportRefusal(page: reportFormPage(csrf: csrf, problems: ["Tabel WHO tidak dapat dibaca: laporan tidak dapat dibuat."])))
        }
        let chosen = posyandu.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        let page: String
        do { page = try MonthlyReport(Dataset(state: state, standards: standards, options: reportOptions()), month: month, posyandu: chosen).html() } catch {
            return .failure(ReportRefusal(page: reportFormPage(csrf: csrf, problems: ["Laporan tidak dapat dibuat: \(error)"])))
        }
        return .success(ReportAnswer(html: page, contentSecurityPolicy: Self.policy(allowingInlineStylesOf: page)))
    }

    /// The dataset options of the report: office tier (names shown), this laptop's kelurahan, as
    /// of today, the store's pseudonym key (as `selaras report`).
    func reportOptions() -> DatasetOptions {
        var options = DatasetOptions(pseudonymKey: store.derivedSecret(label: "pseudonyms"), asOf: today)
        options.tier = .office
        options.kelurahan = kelurahan
        return options
    }

    /// The app's policy with `style-src` also allowing each inline `<style>` of `page` by its SHA-256.
    static func policy(allowingInlineStylesOf page: String) -> String {
        var hashes: [String] = []
        var rest = page[...]
        while let open = rest.range(of: "<style>"), let close = rest.range(of: "</style>", range: open.upperBound..<rest.endIndex) {
            let css = rest[open.upperBound..<close.lowerBound]
            hashes.append("'sha256-\(Data(SHA256.hash(data: Data(css.utf8))).base64EncodedString())'")
            rest = rest[close.upperBound...]
        }
        return AppGuard.contentSecurityPolicy.replacingOccurrences(of: "style-src 'self'", with: (["style-src 'self'"] + hashes).joined(separator: " "))
    }
}

/// A report that could not be made: the form page saying why.
public struct ReportRefusal: Error, Sendable {
    /// The form with the sentence.
    public let page: PageResult
}
