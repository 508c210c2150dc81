import Foundation
import Hummingbird
import SelarasDashboard
import SelarasExportEPPGBM
import SelarasModel

extension HubRoutes {
    /// `GET /laporan?month=YYYY-MM[&kelurahan=NAME | &posyandu=NAME]`: the printable monthly
    /// report (an A4 landscape page per posyandu), the same `MonthlyReport` page as
    /// `selaras report`, for the office (a dashboard session or an office token). `month` also
    /// takes `MM/YYYY`; without it, the last complete month in Balikpapan. 400 names the bad field.
    static func registerReport(on router: Router<BasicRequestContext>, hub: Hub) {
        router.get(RouterPath(DashboardPage.reportPath)) { request, _ -> Response in
            _ = try await dashboardViewer(request, hub: hub)
            let query = request.uri.queryParameters
            let (month, kelurahan, posyandu) = try reportQuery(month: query.get("month"), kelurahan: query.get("kelurahan"),
                                                               posyandu: query.get("posyandu"))
            return htmlPage(try await hub.reportHTML(month: month, kelurahan: kelurahan, posyandu: posyandu))
        }
    }

    /// The report's query, checked: one sentence naming the field for anything refused.
    /// - Throws: ``HubError`` 400.
    static func reportQuery(month: String?, kelurahan: String?, posyandu: String?,
                            today: LocalDate = .today()) throws -> (ReportMonth, Kelurahan?, String?) {
        let m: ReportMonth
        if let month, !month.isEmpty {
            guard let parsed = ReportMonth(month) else {
                throw HubError.badRequest("month: '\(month.prefix(40))' is not a month; allowed: YYYY-MM or MM/YYYY")
            }
            guard parsed <= ReportMonth(today) else {
                throw HubError.badRequest("month: '\(month)' has not begun yet in Balikpapan; allowed: a month up to \(ReportMonth(today))")
            }
            m = parsed
        } else {
            m = ReportMonth(today).adding(months: -1)
        }
        let kel = kelurahan.flatMap { $0.isEmpty ? nil : $0 }, pos = posyandu.flatMap { $0.isEmpty ? nil : $0 }
        if kel != nil && pos != nil { throw HubError.badRequest("kelurahan, posyandu: give one of them, not both") }
        var k: Kelurahan? = nil
        if let kel {
            guard let found = Kelurahan(name: kel) else {
                throw HubError.badRequest("kelurahan: '\(kel.prefix(60))' is not one of Balikpapan's 34 kelurahan")
            }
            k = found
        }
        if let pos, let problem = FieldKey.Child.posyandu.spec.textLimit?.oneLineProblem(pos, what: "posyandu") {
            throw HubError.badRequest(problem)
        }
        return (m, k, pos)
    }
}
