import Crypto
import Foundation
import SelarasExport
import SelarasExporters
import SelarasExportZip
import SelarasTestSupport
import Testing
import ZIPFoundation

@Suite("zip data package")
struct DataPackageExporterTests {
    @Test("the package holds every table as CSV, a descriptor, a codebook and checksums")
    func contents() throws {
        let dir = try TemporaryDirectory(prefix: "selaras-zip")
        let dataset = try Fixture().dataset(.office)
        let files = try ExportRunner.run(DataPackageExporter(), dataset: dataset, directory: dir.path)
        #expect(files.map(\.name) == ["selaras-datapackage.zip", "SHA256SUMS"])
        let entries = try readZip(dir.child("selaras-datapackage.zip"))
        let names = dataset.tables.map(\.schema.name)
        let expectedPaths = (["SHA256SUMS", "codebook.md", "datapackage.json"] + names.map { "data/\($0).csv" })
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(entries.map(\.path) == expectedPaths)
        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0.data) })

        // Every table: the header, the row count, and the very bytes the CSV exporter writes before gzip.
        for table in dataset.tables {
            let csv = try #require(byPath["data/\(table.schema.name).csv"])
            var expected: [UInt8] = []
            CSVFormat.appendRecord(table.schema.columns.map(\.name), to: &expected)
            table.forEachRow { row in CSVFormat.appendRecord(row.map(\.text), to: &expected) }
            #expect(Array(csv) == expected, "data/\(table.schema.name).csv")
            let text = String(decoding: csv, as: UTF8.self)
            let lines = text.components(separatedBy: "\r\n").dropLast()
            #expect(lines.first == table.schema.columns.map(\.name).joined(separator: ","))
            #expect(lines.count - 1 == table.rowCount, "\(table.schema.name)")
        }
        #expect(dataset.table("growth_checks")?.rowCount == 3)
        #expect(dataset.table("children")?.rowCount == 2)

        // The descriptor: one resource per table, fields with types, booleans as 1/0, enums.
        let descriptor = try #require(byPath["datapackage.json"])
        let json = try #require(try JSONSerialization.jsonObject(with: descriptor) as? [String: Any])
        #expect(json["profile"] as? String == "tabular-data-package")
        let resources = try #require(json["resources"] as? [[String: Any]])
        #expect(resources.map { $0["name"] as? String } == names)
        for (resource, table) in zip(resources, dataset.tables) {
            #expect(resource["path"] as? String == "data/\(table.schema.name).csv")
            #expect(resource["format"] as? String == "csv")
            #expect(resource["mediatype"] as? String == "text/csv")
            #expect(resource["encoding"] as? String == "utf-8")
            let schema = try #require(resource["schema"] as? [String: Any])
            #expect(schema["missingValues"] as? [String] == [""])
            let fields = try #require(schema["fields"] as? [[String: Any]])
            #expect(fields.map { $0["name"] as? String } == table.schema.columns.map(\.name))
            for (field, column) in zip(fields, table.schema.columns) {
                #expect(field["type"] as? String == column.kind.rawValue)
                #expect(field["description"] as? String == column.description)
                if column.kind == .boolean {
                    #expect(field["trueValues"] as? [String] == ["1"])
                    #expect(field["falseValues"] as? [String] == ["0"])
                }
                if let categories = column.categories {
                    #expect((field["constraints"] as? [String: Any])?["enum"] as? [String] == categories)
                }
            }
        }

        // The codebook names every column; the tier note is there.
        let codebook = String(decoding: try #require(byPath["codebook.md"]), as: UTF8.self)
        #expect(codebook.contains(ExportTier.office.note))
        for table in dataset.tables {
            for c in table.schema.columns { #expect(codebook.contains("| `\(c.name)` |"), "\(table.schema.name).\(c.name)") }
        }

        // SHA256SUMS covers the other entries, sorted, in `sha256sum -c` form.
        let sums = String(decoding: try #require(byPath["SHA256SUMS"]), as: UTF8.self)
        let expectedSums = expectedPaths.filter { $0 != "SHA256SUMS" }.map { path in
            SHA256.hash(data: byPath[path]!).map { (($0 < 16 ? "0" : "") + String($0, radix: 16)) }.joined() + "  " + path + "\n"
        }.joined()
        #expect(sums == expectedSums)
    }

    @Test("entries are deflated, dated 1980-01-01, and the archive bytes repeat")
    func deterministic() throws {
        let a = try TemporaryDirectory(prefix: "selaras-zip-a"), b = try TemporaryDirectory(prefix: "selaras-zip-b")
        let fixture = Fixture()
        _ = try DataPackageExporter().export(try fixture.dataset(.analyst), to: a.path, progress: .none)
        _ = try DataPackageExporter().export(try fixture.dataset(.analyst, reversed: true), to: b.path, progress: .none)
        let first = try bytes(a.child(DataPackageExporter.fileName))
        #expect(first == (try bytes(b.child(DataPackageExporter.fileName))))
        // Exporting again into the same directory replaces the archive with the same bytes.
        _ = try DataPackageExporter().export(try fixture.dataset(.analyst), to: a.path, progress: .none)
        #expect(first == (try bytes(a.child(DataPackageExporter.fileName))))
        // No staging directory is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: a.path) == [DataPackageExporter.fileName])
        for e in try readZip(a.child(DataPackageExporter.fileName)) {
            #expect(e.entry.isCompressed, "\(e.path)")
            let date = try #require(e.entry.fileAttributes[.modificationDate] as? Date)
            #expect(date == Date(timeIntervalSince1970: 315_532_800), "\(e.path)")
        }
    }

    @Test("the analyst tier's package has no identifying columns")
    func analyst() throws {
        let dir = try TemporaryDirectory(prefix: "selaras-zip-analyst")
        _ = try DataPackageExporter().export(try Fixture().dataset(.analyst), to: dir.path, progress: .none)
        for e in try readZip(dir.child(DataPackageExporter.fileName)) where e.path.hasPrefix("data/") {
            let text = String(decoding: e.data, as: UTF8.self)
            #expect(!text.contains(Fixture.nik))
            #expect(!text.contains("Aminah"))
        }
    }

    @Test("the registry offers zip and xlsx")
    func registry() {
        #expect(ExporterRegistry.exporter(for: "zip") is DataPackageExporter)
        #expect(ExporterRegistry.exporter(for: "XLSX")?.format == "xlsx")
        #expect(ExporterRegistry.all.map(\.format) == ["csv.gz", "jsonl.gz", "zip", "xlsx", "parquet", "eppgbm"])
    }
}
