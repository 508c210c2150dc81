import Foundation
import SelarasAnthro
import SelarasEPPGBM
import SelarasEntry
import SelarasLog
import SelarasMerge
import SelarasModel
import SelarasTestSupport

/// A fresh store in a temporary directory and the e-PPGBM importer over it, as the CLI uses them.
final class ImportHarness {
    let tmp: TemporaryDirectory
    let store: Store
    let map: EPPGBMColumnMap
    let standards: GrowthStandards
    let importer: EPPGBMImport
    static let today = LocalDate(year: 2025, month: 4, day: 1)!

    init() throws {
        tmp = try TemporaryDirectory()
        store = try Store.create(at: tmp.child("store"), kelurahan: Kelurahan(name: "Manggar")!, label: "tpg")
        map = try EPPGBMColumnMap.bundled()
        standards = try GrowthStandards.bundled()
        importer = EPPGBMImport(map: map, standards: standards)
    }

    deinit { store.close(); tmp.cleanup() }

    /// The fixture `eppgbm/NAME`, copied into the temporary directory.
    func fixture(_ name: String) throws -> String {
        let copied = tmp.child(name)
        if FileManager.default.fileExists(atPath: copied) { return copied }
        return try Fixtures.copy("eppgbm/" + name, from: try Fixtures.root(in: .module), into: tmp)
    }

    /// What the fixtures' import must find.
    func expected() throws -> EPPGBMSyntheticDownload.Expected {
        let url = try Fixtures.url("eppgbm/expected.json", in: try Fixtures.root(in: .module))
        return try JSONDecoder().decode(EPPGBMSyntheticDownload.Expected.self, from: Data(contentsOf: url))
    }

    /// Reads and validates a file against the store as it is now.
    func plan(_ path: String) throws -> EPPGBMImport.Outcome {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let sheet = try importer.read(data, path: path)
        let entry = RecordEntry(state: try ConsolidatedState(store: store), homeKelurahan: store.metadata.kelurahan,
                                today: Self.today, author: "tpg", standards: standards)
        return importer.plan(sheet, entry: entry, replica: store.replica, vector: store.versionVector)
    }

    /// Plans and records a file (throws with every problem when any).
    @discardableResult
    func importFile(_ path: String) throws -> EPPGBMImport.Outcome {
        let outcome = try plan(path)
        try importer.record(outcome, in: store, contentDigest: Store.importDigest(of: try Data(contentsOf: URL(fileURLWithPath: path))))
        return outcome
    }

    /// The store's merged state.
    func state() throws -> ConsolidatedState { try ConsolidatedState(store: store) }

    /// Writes rows as an e-PPGBM CSV (`;`, the Data Tanggal line first).
    func writeCSV(_ name: String, header: [String], rows: [[String]]) throws -> String {
        let path = tmp.child(name)
        var text = "Data Tanggal : 2025-03-31\n" + header.joined(separator: ";") + "\n"
        for r in rows { text += r.joined(separator: ";") + "\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The fixture CSV's header and rows as texts (split on `;`: the fixture quotes nothing).
    func fixtureCSV() throws -> (header: [String], rows: [[String]]) {
        let text = try String(contentsOfFile: try fixture("download.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let split = lines.dropFirst().map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
        return (split[0], Array(split.dropFirst()))
    }
}
