import SelarasAnthro
import SelarasExport
import SelarasExportEPPGBM
import SelarasMerge
import SelarasModel

extension MonthlyReport {
    /// The report of a replica's consolidated state: the one path by which `selaras report` and
    /// the hub's `GET /laporan` both make the page (an office-tier dataset, optionally of one
    /// kelurahan, then ``init(_:month:posyandu:)``).
    /// - Parameters:
    ///   - state: the replica's consolidated state.
    ///   - standards: WHO growth standards.
    ///   - pseudonymKey: the replica's pseudonym key (the office tier does not use it for the page).
    ///   - month: the month reported.
    ///   - kelurahan: only this kelurahan (nil: all).
    ///   - posyandu: only this posyandu (nil: every posyandu with children or checks).
    ///   - asOf: the dataset's as-of date (default today in Balikpapan).
    public init(state: ConsolidatedState, standards: GrowthStandards, pseudonymKey: [UInt8], month: ReportMonth,
                kelurahan: Kelurahan?, posyandu: String?, asOf: LocalDate = .today()) {
        var options = DatasetOptions(pseudonymKey: pseudonymKey, asOf: asOf)
        options.tier = .office
        options.kelurahan = kelurahan
        self.init(Dataset(state: state, standards: standards, options: options), month: month, posyandu: posyandu)
    }
}
