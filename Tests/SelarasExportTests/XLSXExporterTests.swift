import Foundation
import SelarasExport
@testable import SelarasExportXLSX
import SelarasModel
import SelarasTestSupport
import Testing
import ZIPFoundation

@Suite("xlsx workbook")
struct XLSXExporterTests {
    /// The workbook's parts, path → text.
    func parts(_ path: String) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try readZip(path).map { ($0.path, String(decoding: $0.data, as: UTF8.self)) })
    }

    /// The sheet names listed in `xl/workbook.xml`, in order.
    func sheetNames(_ workbook: String) -> [String] {
        workbook.components(separatedBy: "<sheet name=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("one sheet per table plus a codebook; NIK is text, dates are dates, the header is bold and frozen")
    func workbook() throws {
        let dir = try TemporaryDirectory(prefix: "selaras-xlsx")
        let dataset = try Fixture().dataset(.office)
        let files = try ExportRunner.run(XLSXExporter(), dataset: dataset, directory: dir.path)
        #expect(files.map(\.name) == ["selaras-office.xlsx", "SHA256SUMS"])
        let entries = try readZip(dir.child("selaras-office.xlsx"))
        #expect(entries.map(\.path) == entries.map(\.path).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        #expect(entries.first?.path == "[Content_Types].xml")
        for e in entries { #expect(isWellFormedXML(e.data), "\(e.path) is not well-formed XML") }
        let p = try parts(dir.child("selaras-office.xlsx"))
        let names = dataset.tables.map(\.schema.name) + ["codebook"]
        #expect(sheetNames(try #require(p["xl/workbook.xml"])) == names)
        for i in 1...names.count {
            #expect(p["xl/worksheets/sheet\(i).xml"] != nil)
            #expect(p["[Content_Types].xml"]?.contains("/xl/worksheets/sheet\(i).xml") == true)
            #expect(p["xl/_rels/workbook.xml.rels"]?.contains("Target=\"worksheets/sheet\(i).xml\"") == true)
        }

        // children (sheet 1): the first child carries the NIK (column B) and was born 2023-06-01 (column F).
        let raw = try #require(p["xl/worksheets/sheet1.xml"])
        // Only a cell after a left-out one names its column: the first cell of a row never does.
        #expect(!raw.contains(#"<row r="2"><c r="#))
        let children = withCellReferences(raw)
        let columns = try #require(dataset.table("children")).schema.columns.map(\.name)
        #expect(columns[1] == "nik" && columns[3] == "name" && columns[5] == "born")
        #expect(children.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(children.contains(#"<c r="A1" s="1" t="inlineStr"><is><t>ID anak</t></is></c>"#))
        #expect(children.contains(#"<c r="B2" t="inlineStr"><is><t>\#(Fixture.nik)</t></is></c>"#))
        #expect(children.contains(#"<c r="F2" s="2"><v>45078</v></c>"#))  // 2023-06-01
        #expect(children.contains(#"<c r="D2" t="inlineStr"><is><t>Siti &amp; &lt;Aminah&gt; &quot;Putri&quot;</t></is></c>"#))
        // Every row count matches: header + rows.
        for (i, table) in dataset.tables.enumerated() {
            let sheet = try #require(p["xl/worksheets/sheet\(i + 1).xml"])
            #expect(sheet.components(separatedBy: "<row ").count - 1 == table.rowCount + 1, "\(table.schema.name)")
        }

        // Style 2 is the date format; style 1 is bold.
        let styles = try #require(p["xl/styles.xml"])
        #expect(styles.contains(#"<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>"#))
        let xfs = styles.components(separatedBy: "<cellXfs")[1].components(separatedBy: "<xf ").dropFirst()
        #expect(Array(xfs)[2].hasPrefix(#"numFmtId="164""#))
        #expect(Array(xfs)[1].contains(#"fontId="1""#))
        #expect(styles.contains("<font><b/>"))

        // growth_checks: measured_on a date, weight a number, flags 0/1 numbers, ids text.
        let checks = withCellReferences(try #require(p["xl/worksheets/sheet2.xml"]))
        let check = try #require(dataset.table("growth_checks")).schema.columns.map(\.name)
        let letter = { (name: String) in SheetWriter.columnName(check.firstIndex(of: name)!) }
        #expect(checks.contains(#"<c r="\#(letter("measured_on"))2" s="2"><v>\#(SheetWriter.serial(LocalDate(year: 2024, month: 12, day: 10)!))</v></c>"#))
        #expect(checks.contains(#"<c r="\#(letter("weight_kg"))2" s="3"><v>9.5</v></c>"#))
        #expect(checks.contains(#"<c r="\#(letter("flag_waz"))2"><v>0</v></c>"#))
        #expect(checks.contains(#"<c r="\#(letter("child_id"))2" t="inlineStr">"#))

        // The codebook sheet: every column of every table, and the tier note.
        let codebook = try #require(p["xl/worksheets/sheet\(names.count).xml"])
        #expect(codebook.contains(XMLText.escaped(ExportTier.office.note)))
        for table in dataset.tables {
            for c in table.schema.columns { #expect(codebook.contains("<t>\(c.name)</t>"), "\(table.schema.name).\(c.name)") }
        }
    }

    @Test("exporting twice, or from events in another order, gives byte-identical workbooks")
    func deterministic() throws {
        let a = try TemporaryDirectory(prefix: "selaras-xlsx-a"), b = try TemporaryDirectory(prefix: "selaras-xlsx-b")
        let fixture = Fixture()
        _ = try XLSXExporter().export(try fixture.dataset(.office), to: a.path, progress: .none)
        _ = try XLSXExporter().export(try fixture.dataset(.office, reversed: true), to: b.path, progress: .none)
        let first = try bytes(a.child(XLSXExporter.fileName(.office)))
        #expect(first == (try bytes(b.child(XLSXExporter.fileName(.office)))))
        _ = try XLSXExporter().export(try fixture.dataset(.office), to: a.path, progress: .none)
        #expect(first == (try bytes(a.child(XLSXExporter.fileName(.office)))))
        #expect(try FileManager.default.contentsOfDirectory(atPath: a.path) == [XLSXExporter.fileName(.office)])
        for e in try readZip(a.child(XLSXExporter.fileName(.office))) {
            #expect(e.entry.isCompressed, "\(e.path)")
            #expect(e.entry.fileAttributes[.modificationDate] as? Date == Date(timeIntervalSince1970: 315_532_800))
        }
    }

    @Test("a table longer than a sheet continues on TABLE_2, TABLE_3")
    func continuation() throws {
        let dir = try TemporaryDirectory(prefix: "selaras-xlsx-split")
        let dataset = try Fixture().dataset(.analyst)
        #expect(dataset.table("growth_checks")?.rowCount == 3)
        _ = try XLSXExporter(maxRowsPerSheet: 2).export(dataset, to: dir.path, progress: .none)
        let p = try parts(dir.child(XLSXExporter.fileName(.analyst)))
        let names = sheetNames(try #require(p["xl/workbook.xml"]))
        #expect(names.filter { $0.hasPrefix("growth_checks") } == ["growth_checks", "growth_checks_2", "growth_checks_3"])
        #expect(names.last == "codebook")
        // Each continuation sheet repeats the header.
        let i = try #require(names.firstIndex(of: "growth_checks_3"))
        let sheet = withCellReferences(try #require(p["xl/worksheets/sheet\(i + 1).xml"]))
        #expect(sheet.contains(#"<c r="A1" s="1" t="inlineStr"><is><t>ID penimbangan</t></is></c>"#))
        #expect(sheet.components(separatedBy: "<row ").count - 1 == 2)
        #expect(p["xl/worksheets/sheet\(names.count).xml"]?.contains("growth_checks, growth_checks_2, growth_checks_3") == true)
    }

    @Test("rows encoded on all cores in chunks, across chunk and sheet boundaries, are the table's rows in order, numbered from 2 on each sheet")
    func parallelChunks() throws {
        let dir = try TemporaryDirectory(prefix: "selaras-xlsx-chunks")
        defer { dir.cleanup() }
        let dataset = try GzipTableFilesTests.dataset(GzipTableFilesTests.events(children: 20, checks: 2 * XLSXExporter.rowsPerChunk + 700))
        let table = try #require(dataset.table("growth_checks"))
        let perSheet = 999
        _ = try XLSXExporter(maxRowsPerSheet: perSheet + 1).export(dataset, to: dir.path, progress: .none)
        let p = try parts(dir.child(XLSXExporter.fileName(.analyst)))
        let names = sheetNames(try #require(p["xl/workbook.xml"]))
        let sheets = names.enumerated().filter { $0.element.hasPrefix("growth_checks") }
        #expect(sheets.map(\.element) == ["growth_checks", "growth_checks_2", "growth_checks_3"])
        var all: [[Cell]] = []
        table.forEachRow { all.append($0) }
        #expect(all.count == 2 * XLSXExporter.rowsPerChunk + 700)
        let encoder = SheetWriter.RowEncoder(columnNames: table.schema.columns.indices.map { Array(SheetWriter.columnName($0).utf8) })
        for (k, sheet) in sheets.enumerated() {
            let xml = try #require(p["xl/worksheets/sheet\(sheet.offset + 1).xml"])
            var expected: [UInt8] = []
            for (j, row) in all[(k * perSheet)..<min(all.count, (k + 1) * perSheet)].enumerated() {
                encoder.append(row, row: j + 2, style: .normal, to: &expected)
            }
            // The sheet's rows after its header row.
            let afterHeader = try #require(xml.range(of: "</row>")).upperBound
            let end = try #require(xml.range(of: "</sheetData>")).lowerBound
            #expect(String(xml[afterHeader..<end]) == String(decoding: expected, as: UTF8.self), "\(sheet.element)")
        }
    }

    @Test("XML text escaping and column letters")
    func escaping() {
        #expect(XMLText.escaped("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e'f")
        #expect(XMLText.escaped("x\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}y\u{FFFE}\u{FFFF}") == "xy")
        #expect(XMLText.escaped("tab\tline\nret\r") == "tab\tline\nret&#13;")
        #expect(XMLText.escaped("Kelurahan Manggar · m² ≥ 9 😀") == "Kelurahan Manggar · m² ≥ 9 😀")
        #expect(XMLText.fitted(String(repeating: "é", count: 40_000)).utf16.count == XMLText.maxCellCharacters)
        #expect(XMLText.needsPreserve(" a") && XMLText.needsPreserve("a\n") && !XMLText.needsPreserve("a b"))
        #expect(["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"] == [0, 25, 26, 51, 52, 701, 702, 16383].map(SheetWriter.columnName))
    }
}

@Suite("xlsx workbook for printing and reading")
struct XLSXPrintTests {
    @Test("Indonesian header titles, each mapped back to its machine name in the codebook; tier in the file name; print setup on every sheet", arguments: [ExportTier.office, .analyst])
    func titlesAndPrinting(_ tier: ExportTier) throws {
        let dir = try TemporaryDirectory(prefix: "selaras-xlsx-print")
        let dataset = try Fixture().dataset(tier)
        let files = try XLSXExporter().export(dataset, to: dir.path, progress: .none)
        #expect(files == ["selaras-\(tier.rawValue).xlsx"])
        let p = Dictionary(uniqueKeysWithValues: try readZip(dir.child(files[0])).map { ($0.path, String(decoding: $0.data, as: UTF8.self)) })
        let codebook = withCellReferences(try #require(p["xl/worksheets/sheet\(dataset.tables.count + 1).xml"]))
        for (i, table) in dataset.tables.enumerated() {
            let sheet = try #require(p["xl/worksheets/sheet\(i + 1).xml"])
            let titles = table.schema.columns.map { ColumnTitles.bundled.title($0.name) }
            #expect(Set(titles).count == titles.count, "\(table.schema.name): two columns share a title")
            for (c, title) in zip(table.schema.columns, titles) {
                #expect(ColumnTitles.bundled.titles[c.name] != nil, "\(c.name) has no Indonesian title")
                #expect(sheet.contains("<t>\(XMLText.escaped(title))</t>"), "\(table.schema.name): header shows \(title)")
                // The codebook row: table, machine name, title.
                #expect(codebook.contains("<t>\(c.name)</t></is></c><c r=\"C") && codebook.contains("<t>\(XMLText.escaped(title))</t>"))
            }
            #expect(sheet.contains(#"<pageSetUpPr fitToPage="1"/>"#))
            #expect(sheet.contains(#"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#))
            #expect(sheet.contains(#"<autoFilter ref="A1:\#(SheetWriter.columnName(table.schema.columns.count - 1))\#(table.rowCount + 1)"/>"#))
        }
        let workbook = try #require(p["xl/workbook.xml"])
        for (i, table) in dataset.tables.enumerated() {
            #expect(workbook.contains(#"<definedName name="_xlnm.Print_Titles" localSheetId="\#(i)">'\#(table.schema.name)'!$1:$1</definedName>"#))
        }
        // An id column is wide enough for a whole id.
        let ids = try #require(p["xl/worksheets/sheet1.xml"])
        #expect(ids.contains(#"<col min="1" max="1" width="27" customWidth="1"/>"#))
    }
}
