import Foundation
import SelarasExport
import SelarasExportXLSX

extension ExportOnce {
    /// The xlsx export of the same dataset (build + write, like the csv.gz figure): the
    /// workbook's sheets encoded on all cores, then zipped.
    static func xlsx(_ dataset: Dataset, out: String, buildSeconds: Double) throws {
        let dir = out + "/xlsx"
        let t = Measure.now()
        let cpu = Measure.cpuSeconds()
        let files = try ExportRunner.run(XLSXExporter(), dataset: dataset, directory: dir)
        let seconds = Measure.now() - t + buildSeconds
        let cpuSeconds = Measure.cpuSeconds() - cpu
        let bytes = Double(files.first { $0.name.hasSuffix(".xlsx") }?.bytes ?? 0)
        print("xlsx export from the state                \(Measure.fmt(seconds, 2)) s: build + write  (target < 15 s; CPU \(Measure.fmt(cpuSeconds, 1)) s for the writing, \(Measure.fmt(bytes / 1_048_576, 1)) MB)")
        try? FileManager.default.removeItem(atPath: dir)
    }
}
