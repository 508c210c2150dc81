import SelarasExport
import SelarasExportCSV
import SelarasExportEPPGBM
import SelarasExportJSONL
import SelarasExportParquet
import SelarasExportXLSX
import SelarasExportZip

/// The one place exporters are registered; the CLI and the hub find formats here.
/// Adding a format: write a module with a type conforming to `Exporter`, add it here and to
/// this target's dependencies.
public enum ExporterRegistry {
    /// Every exporter, in the order `--list` shows them.
    public static let all: [any Exporter] = [
        CSVGzipExporter(),
        JSONLinesGzipExporter(),
        DataPackageExporter(),
        XLSXExporter(),
        ParquetExporter(),
        EPPGBMExporter(),
    ]

    /// The exporter for a format name, or nil.
    public static func exporter(for format: String) -> (any Exporter)? {
        all.first { $0.format == format.lowercased() }
    }
}
