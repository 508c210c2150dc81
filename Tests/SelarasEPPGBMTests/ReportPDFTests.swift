import Foundation
import SelarasEPPGBM
import SelarasExport
import SelarasExportEPPGBM
import SelarasReport
import Testing

/// The monthly report printed by headless Chromium (`--print-to-pdf`); its text (`pdftotext`)
/// carries, for every posyandu, the SKDN figures of the `eppgbm` export.
@Suite struct ReportPDFTests {
    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/", "/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ path: String, _ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func printedReportCarriesTheExportsSKDN() throws {
        let chromium = try #require(Self.tool("chromium"), "headless Chromium is needed (apt-get install chromium)")
        let pdftotext = try #require(Self.tool("pdftotext"), "pdftotext is needed (apt-get install poppler-utils)")
        let h = try ImportHarness()
        try h.importFile(try h.fixture("download.xlsx"))
        let month = ReportMonth("2025-03")!
        let dataset = try EPPGBMExportTests.dataset(h)
        let report = MonthlyReport(dataset, month: month, posyandu: nil)
        let html = h.tmp.child("laporan.html")
        try Data(try report.html().utf8).write(to: URL(fileURLWithPath: html))
        let pdf = h.tmp.child("laporan.pdf")
        let (status, _) = try Self.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                                   "--user-data-dir=\(h.tmp.child("chromium"))", "--print-to-pdf=\(pdf)", "file://\(html)"])
        #expect(status == 0)
        let (textStatus, text) = try Self.run(pdftotext, ["-layout", pdf, "-"])
        #expect(textStatus == 0)
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: true).map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }
        // The export's SKDN sheet for the month: one page per row, carrying its figures in order.
        let files = try EPPGBMExporter(month: month).export(dataset, to: h.tmp.path, progress: .none)
        let skdn = try EPPGBMImport.xlsxSheet(h.tmp.child(files[0]), named: "SKDN").dropFirst().map { $0.cells.map(\.raw) }
        #expect(!skdn.isEmpty)
        #expect(pages.count == skdn.count, "one A4 page per posyandu")
        for row in skdn {
            let page = pages.first { $0.contains("Posyandu: \(row[1]) · Kelurahan: \(row[0])") }
            let text = try #require(page, "a page for \(row[1])")
            let figures = row[3...11].joined(separator: " ")
            #expect(text.contains(figures), "\(row[1]): SKDN \(figures)")
            #expect(text.contains("Maret 2025"))
        }
        // Every child whose row in the export says T, 2T or BGM (ZS BB/U below -3) is listed to follow up.
        let rows = try EPPGBMImport.xlsxSheet(h.tmp.child(files[0]), named: "Pengukuran")
        let header = rows[0].cells.map(\.raw)
        let (name, growth, waz) = (header.firstIndex(of: "Nama")!, header.firstIndex(of: "Naik Berat Badan")!, header.firstIndex(of: "ZS BB/U")!)
        let follow = rows.dropFirst().map { $0.cells.map(\.raw) }
            .filter { ["T", "2T"].contains($0[growth]) || (Double($0[waz]) ?? 0) < -3 }.map { $0[name] }
        #expect(!follow.isEmpty)
        let all = pages.joined(separator: " ")
        for n in follow { #expect(all.contains(n), "\(n) is listed to follow up") }
        #expect(all.contains("Anak yang perlu ditindaklanjuti"))
    }
}
