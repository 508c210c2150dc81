import SelarasAnthro
import SelarasExportEPPGBM
import SelarasMerge
import SelarasModel
import SelarasReport

extension Hub {
    /// The kept state and the pseudonym key, for a report made outside the hub's isolation.
    func reportInputs() async throws -> (state: ConsolidatedState, pseudonymKey: [UInt8]) {
        try await catchUpState()
        return (kept.state, storage.derivedSecret(label: "pseudonyms"))
    }

    /// The monthly report page for the hub's store: the same `MonthlyReport` (one rendering
    /// path) as `selaras report`, built outside the hub's request queue.
    /// - Parameters:
    ///   - month: the month reported.
    ///   - kelurahan: only this kelurahan (nil: all).
    ///   - posyandu: only this posyandu (nil: all).
    /// - Throws: ``HubError`` 500 when the store, the WHO tables or the template cannot be read.
    public nonisolated func reportHTML(month: ReportMonth, kelurahan: Kelurahan?, posyandu: String?) async throws -> String {
        let inputs = try await reportInputs()
        do {
            let report = MonthlyReport(state: inputs.state, standards: try GrowthStandards.bundled(), pseudonymKey: inputs.pseudonymKey,
                                       month: month, kelurahan: kelurahan, posyandu: posyandu)
            return try report.html()
        } catch {
            throw HubError.io("could not make the monthly report from the hub's store", error)
        }
    }
}
