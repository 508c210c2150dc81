import Foundation
import SelarasEPPGBM
import SelarasLog
import SelarasMerge
import SelarasModel
import Testing

@Suite struct EPPGBMImportTests {
    /// Every quirk of the fixture (NIK forms, date forms, decimal commas, grams, words, unknown
    /// columns, children without NIK, one child on many rows) gives exactly the expected children and checks.
    @Test(arguments: ["download.csv", "download.xlsx"])
    func fixtureImportsToTheExpectedChildrenAndChecks(_ file: String) throws {
        let h = try ImportHarness()
        let expected = try h.expected()
        let outcome = try h.importFile(try h.fixture(file))
        #expect(outcome.problems.isEmpty)
        #expect(outcome.rows.unknownColumns == expected.unknownColumns)
        #expect(outcome.sheet.dataDate?.description == expected.dataDate)
        #expect(outcome.sheet.rows.count == expected.rows)
        let state = try h.state()
        let children = state.records(of: .child)
        #expect(children.count == expected.children.count)
        let checks = state.records(of: .growthCheck)
        #expect(checks.count == expected.children.reduce(0) { $0 + $1.checks.count })
        for want in expected.children {
            let found = children.filter {
                $0.value(FieldKey.Child.name)?.text == want.name && $0.value(FieldKey.Child.born)?.date?.description == want.born
                    && $0.value(FieldKey.Child.mother)?.text == want.mother
            }
            try #require(found.count == 1, "child \(want.name) born \(want.born)")
            let c = found[0]
            #expect((c.value(FieldKey.Child.nik)?.text ?? "") == want.nik)
            #expect(c.value(FieldKey.Child.sex)?.text == want.sex)
            #expect(c.value(FieldKey.Child.kelurahan)?.text == want.kelurahan)
            #expect(c.fields.decimal(FieldKey.Child.birthWeight).map { String(format: "%.2f", $0) } == want.birthWeightKg)
            let mine = checks.filter { $0.value(FieldKey.GrowthCheck.child)?.reference == c.id }
                .map { [$0.value(FieldKey.GrowthCheck.measuredOn)!.date!.description,
                        String(format: "%.1f", $0.fields.decimal(FieldKey.GrowthCheck.weight)!),
                        String(format: "%.1f", $0.fields.decimal(FieldKey.GrowthCheck.lengthHeight)!)] }
                .sorted { $0[0] < $1[0] }
            let wanted = want.checks.map { [$0[0], String(format: "%.1f", Double($0[1])!), String(format: "%.1f", Double($0[2])!)] }
            #expect(mine == wanted, "checks of \(want.name)")
        }
    }

    /// The selisih report finds exactly the cells the generator altered, and nothing else.
    @Test(arguments: ["download.csv", "download.xlsx"])
    func selisihFindsExactlyTheAlteredCells(_ file: String) throws {
        let h = try ImportHarness()
        let expected = try h.expected()
        let outcome = try h.plan(try h.fixture(file))
        let found = Set(outcome.selisih.findings.map { [String($0.row), $0.column] })
        #expect(found == Set(expected.selisih))
        #expect(!expected.selisih.isEmpty)
        let csv = outcome.selisih.csv().split(separator: "\n")
        #expect(csv.count == expected.selisih.count + 1)
        #expect(csv[0] == "baris,nik,nama,tanggal_pengukuran,kolom,nilai_file,nilai_selaras")
    }

    /// A second, newer download adds only its new rows; its children already stored are matched
    /// (by NIK, and by name + birth date + mother for those without NIK).
    @Test func aNewerDownloadAddsOnlyWhatIsNew() throws {
        let h = try ImportHarness()
        let (header, rows) = try h.fixtureCSV()
        let older = try h.writeCSV("older.csv", header: header, rows: Array(rows.prefix(rows.count / 2)))
        let first = try h.importFile(older)
        let afterFirst = try h.state()
        let childrenBefore = afterFirst.records(of: .child).count
        #expect(first.plan.newChecks == rows.count / 2)
        let second = try h.importFile(try h.fixture("download.csv"))
        #expect(second.plan.alreadyStored.count == rows.count / 2)
        #expect(second.plan.newChecks == rows.count - rows.count / 2)
        let state = try h.state()
        #expect(state.records(of: .child).count == (try h.expected()).children.count)
        #expect(second.plan.newChildren.count == state.records(of: .child).count - childrenBefore)
        #expect(state.records(of: .growthCheck).count == rows.count)
        // The children without NIK on both halves were matched by name, birth date and mother.
        #expect(!second.plan.matchedChildren.isEmpty)
    }

    /// A bad cell is one sentence naming the file, the row, the column and the value; nothing is recorded.
    @Test func badCellsAreNamedAndNothingIsRecorded() throws {
        let h = try ImportHarness()
        var (header, rows) = try h.fixtureCSV()
        let date = header.firstIndex(of: "Tanggal Pengukuran")!
        let nik = header.firstIndex(of: "NIK")!
        let weight = header.firstIndex(of: "Berat")!
        rows[2][date] = "31/02/2025"
        rows[4][nik] = "6,47101E+15"
        rows[6][weight] = "0,2"
        rows[8][weight] = "1e300"  // refused by the schema; the selisih check must not trap on it
        let path = try h.writeCSV("bad.csv", header: header, rows: rows)
        let outcome = try h.plan(path)
        #expect(outcome.problems.count == 4, "\(outcome.problems)")
        #expect(outcome.problems.contains { $0.hasPrefix("\(path):11: column 'Berat' (weight_kg): '1e300'") })
        #expect(outcome.problems.contains("\(path):5: column 'Tanggal Pengukuran': '31/02/2025' is not a date; allowed: dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd or a spreadsheet date"))
        #expect(outcome.problems.contains { $0.hasPrefix("\(path):7: column 'NIK': '6,47101E+15' is a NIK saved as a number in scientific notation") })
        #expect(outcome.problems.contains { $0.hasPrefix("\(path):9: column 'Berat' (weight_kg): 0.2 kg") || $0.hasPrefix("\(path):9: column 'Berat' (weight_kg): '0,2'") })
        #expect(throws: EPPGBMError.self) { try h.importer.record(outcome, in: h.store, contentDigest: Store.importDigest(of: Data(path.utf8))) }
        #expect(try h.state().entityCount == 0)
        #expect(try h.store.importedDigests().isEmpty)
    }

    /// A row whose NIK names one stored child and whose name, birth date and mother name another is refused.
    @Test func aNIKAndANameNamingTwoChildrenAreRefused() throws {
        let h = try ImportHarness()
        let (header, rows) = try h.fixtureCSV()
        try h.importFile(try h.fixture("download.csv"))
        let nik = header.firstIndex(of: "NIK")!
        // Row of one child, with the NIK of another stored child.
        var row = rows[0]
        let other = rows.first { $0[nik].filter(\.isNumber) != row[nik].filter(\.isNumber) && !$0[nik].isEmpty }!
        row[nik] = other[nik]
        let path = try h.writeCSV("conflict.csv", header: header, rows: [row])
        let outcome = try h.plan(path)
        #expect(outcome.problems.count == 1)
        #expect(outcome.problems.first?.contains("is child ch-") == true)
    }

    /// A file whose header lacks a column a child needs is refused at the header line.
    @Test func aMissingColumnIsNamed() throws {
        let h = try ImportHarness()
        let (header, rows) = try h.fixtureCSV()
        let drop = header.firstIndex(of: "Tgl Lahir")!
        let path = try h.writeCSV("old.csv", header: header.enumerated().filter { $0.offset != drop }.map(\.element),
                                  rows: rows.map { $0.enumerated().filter { $0.offset != drop }.map(\.element) })
        let outcome = try h.plan(path)
        #expect(outcome.problems.count == 1)
        #expect(outcome.problems[0].hasPrefix("\(path):2: the header has no column 'Tgl Lahir'"))
    }

    /// An xlsx that is not a workbook, or holds out-of-range references, is refused with a sentence (no trap).
    @Test(arguments: [
        ("<row r=\"0\"><c r=\"A1\"><v>1</v></c></row>", "row reference '0'"),
        ("<row r=\"1\"><c r=\"ZZZZ1\"><v>1</v></c></row>", "cell reference 'ZZZZ1'"),
        ("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>99</v></c></row>", "shared string '99'"),
        ("<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>", "comes after a cell to its right"),
    ])
    func hostileSheetsAreRefused(_ rows: String, _ expected: String) throws {
        let h = try ImportHarness()
        let path = h.tmp.child("hostile.xlsx")
        try HostileWorkbook.write(sheetData: rows, to: path)
        #expect {
            _ = try h.importer.read(try Data(contentsOf: URL(fileURLWithPath: path)), path: path)
        } throws: { error in
            (error as? EPPGBMError)?.problems.first?.contains(expected) == true
        }
    }
}
