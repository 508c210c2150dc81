import Foundation
import SelarasAnthro
import SelarasEPPGBM
import SelarasExport
import SelarasExportEPPGBM
import SelarasMerge
import SelarasModel
import Testing

@Suite struct EPPGBMExportTests {
    static let asOf = LocalDate(year: 2025, month: 4, day: 1)!

    /// An office-tier dataset of the harness's store.
    static func dataset(_ h: ImportHarness) throws -> Dataset {
        var options = DatasetOptions(pseudonymKey: Array(repeating: 7, count: 32), asOf: asOf)
        options.tier = .office
        return Dataset(state: try h.state(), standards: h.standards, options: options)
    }

    /// The children (identifying fields) and checks (child, date, measurements) of a store, comparable across stores.
    static func content(_ state: ConsolidatedState) -> (children: Set<[String]>, checks: Set<[String]>) {
        var keyOf: [EntityID: String] = [:]
        var children = Set<[String]>()
        for c in state.records(of: .child) {
            let row = FieldKey.Child.all.map { c.value($0)?.formatted(as: $0.spec.type) ?? "" }
            keyOf[c.id] = row.joined(separator: "|")
            children.insert(row)
        }
        var checks = Set<[String]>()
        for k in state.records(of: .growthCheck) {
            let child = k.value(FieldKey.GrowthCheck.child)!.reference!
            checks.insert([keyOf[child]!] + FieldKey.GrowthCheck.all.dropFirst().map { k.value($0)?.formatted(as: $0.spec.type) ?? "" })
        }
        return (children, checks)
    }

    /// Export, then import the workbook into an empty store: the same children and the same checks.
    @Test func roundTripGivesTheSameChildrenAndChecks() throws {
        let a = try ImportHarness()
        try a.importFile(try a.fixture("download.xlsx"))
        let files = try EPPGBMExporter().export(try Self.dataset(a), to: a.tmp.path, progress: .none)
        #expect(files == ["selaras-eppgbm-office.xlsx"])
        let b = try ImportHarness()
        let outcome = try b.importFile(a.tmp.child(files[0]))
        #expect(outcome.rows.unknownColumns.isEmpty)
        #expect(outcome.selisih.findings.isEmpty, "Selaras's own statuses agree with Selaras")
        let before = Self.content(try a.state()), after = Self.content(try b.state())
        #expect(after.children.count == (try a.expected()).children.count)
        #expect(after.children == before.children)
        #expect(after.checks == before.checks)
    }

    /// The analyst tier gets no e-PPGBM workbook (it names children).
    @Test func analystTierIsRefused() throws {
        let h = try ImportHarness()
        var options = DatasetOptions(pseudonymKey: Array(repeating: 7, count: 32), asOf: Self.asOf)
        options.tier = .analyst
        #expect(throws: ExportError.self) {
            _ = try EPPGBMExporter().export(Dataset(state: try h.state(), standards: h.standards, options: options), to: h.tmp.path, progress: .none)
        }
    }

    /// `YYYY-MM` and `MM/YYYY` name the same month; anything else is refused.
    @Test func monthForms() {
        #expect(ReportMonth("2025-03") == ReportMonth("03/2025"))
        #expect(ReportMonth("3/2025")?.description == "2025-03")
        #expect(ReportMonth("2025-13") == nil)
        #expect(ReportMonth("March") == nil)
    }

    /// The SKDN and Rekap sheets equal a computation made here from the exported Pengukuran
    /// rows and the store's children, for one month and for every month.
    @Test(arguments: [Optional("2025-03"), Optional("2025-02"), nil])
    func skdnAndRecapEqualAnIndependentCount(_ monthText: String?) throws {
        let h = try ImportHarness()
        try h.importFile(try h.fixture("download.xlsx"))
        let month = monthText.flatMap { ReportMonth($0) }
        let files = try EPPGBMExporter(month: month).export(try Self.dataset(h), to: h.tmp.path, progress: .none)
        let path = h.tmp.child(files[0])
        let expected = try IndependentSKDN(workbook: path, state: try h.state(), map: h.map)
        let skdn = try EPPGBMImport.xlsxSheet(path, named: "SKDN").dropFirst().map { $0.cells.map(\.raw) }
        #expect(!skdn.isEmpty)
        #expect(Set(skdn.map { Array($0.prefix(12)) }) == expected.skdn)
        let recap = try EPPGBMImport.xlsxSheet(path, named: "Rekap").dropFirst().map { $0.cells.map(\.raw) }
        #expect(Set(recap.map { Array($0.dropFirst()) }) == expected.recap)
        if let month { #expect(skdn.allSatisfy { $0[2] == month.description }) }
    }
}
