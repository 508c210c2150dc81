import SelarasEntry
import SelarasMerge
import SelarasModel

extension FuzzTarget {
    /// The entry context the CSV harness plans rows against: an empty store in Manggar, a fixed
    /// "today", no WHO tables (they would need the resource bundle).
    static let csvEntry = RecordEntry(
        state: ConsolidatedState(), homeKelurahan: Kelurahan.all[0],
        today: LocalDate(year: 2026, month: 6, day: 15)!, author: "fuzz", standards: nil)

    /// Parses `data` (as UTF-8, invalid sequences replaced) as a CSV file, then validates its
    /// rows as children, checks and surveys, as `selaras import` would before recording.
    /// - Parameter data: the file's bytes.
    /// - Returns: whether the rows of some kind were all valid (at least one row).
    @discardableResult
    public static func fuzzCSV(_ data: UnsafeRawBufferPointer) -> Bool {
        let text = String(decoding: data, as: UTF8.self)
        guard let table = try? CSVTable(text: text, fileName: "fuzz.csv") else { return false }
        let importer = CSVImport(entry: csvEntry)
        var accepted = false
        for kind in [RecordKind.child, .growthCheck, .houseSurvey] {
            if let plan = try? importer.plan(table, kind: kind, fileName: "fuzz.csv"),
               plan.problems.isEmpty, !plan.drafts.isEmpty { accepted = true }
        }
        return accepted
    }
}
