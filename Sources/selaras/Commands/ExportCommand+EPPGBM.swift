import SelarasExport
import SelarasExportEPPGBM

extension ExportCommand {
    /// The `eppgbm` exporter for `--month` and `--posyandu` (which only it takes).
    func eppgbmExporter(_ exporter: any Exporter) throws -> any Exporter {
        guard exporter is EPPGBMExporter else {
            throw CLIError.badInput("--month and --posyandu apply to --format eppgbm only; for other formats use --from and --to")
        }
        var m: ReportMonth? = nil
        if let month {
            guard let parsed = ReportMonth(month) else { throw CLIError.badInput("--month: '\(month)' is not a month; allowed: YYYY-MM or MM/YYYY") }
            m = parsed
        }
        return EPPGBMExporter(month: m, posyandu: posyandu)
    }
}
