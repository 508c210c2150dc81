import Foundation
import SelarasAnthro
import SelarasEntry
import SelarasLog
import SelarasModel

/// `selaras import FILE --kind eppgbm`: an e-PPGBM download (.xlsx or .csv) read through the
/// column map, its children matched or created, its checks validated by ``RecordEntry`` like
/// every other entrance, and its own statuses compared with Selaras's WHO computation.
public struct EPPGBMImport: Sendable {
    /// What reading and validating a file produced.
    public struct Outcome: Sendable {
        /// The sheet as read.
        public let sheet: EPPGBMSheet
        /// The rows through the column map.
        public let rows: EPPGBMRows
        /// The children and checks to record (see ``ChildCheckImport/Plan``).
        public let plan: ChildCheckImport.Plan
        /// The selisih report.
        public let selisih: EPPGBMSelisih
        /// Every problem (unreadable cells, missing columns, refused rows): nothing is recorded unless empty.
        public var problems: [String] { rows.problems + plan.problems }
    }

    /// The layout.
    public let map: EPPGBMColumnMap
    /// WHO standards, for the selisih report.
    public let standards: GrowthStandards

    /// Creates an importer.
    public init(map: EPPGBMColumnMap, standards: GrowthStandards) {
        self.map = map
        self.standards = standards
    }

    /// Reads a download: `.xlsx` by its zip signature, anything else as CSV.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - path: where it is (an xlsx is opened from there), also its name in messages.
    /// - Throws: ``EPPGBMError`` `.unreadable`.
    public func read(_ data: Data, path: String) throws(EPPGBMError) -> EPPGBMSheet {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let rows = try XLSXSheetReader(fileName: path).read(URL(fileURLWithPath: path))
            return try EPPGBMSheet(fileName: path, numberedRows: rows, dataDateLabel: map.dataDateLabel)
        }
        return try EPPGBMSheet(csv: data, fileName: path, dataDateLabel: map.dataDateLabel)
    }

    /// The cells of one sheet of an `.xlsx` workbook, by name (the rows as numbered in the file).
    /// - Throws: ``EPPGBMError`` `.unreadable`.
    public static func xlsxSheet(_ path: String, named sheet: String) throws(EPPGBMError) -> [(number: Int, cells: [EPPGBMSheet.Cell])] {
        try XLSXSheetReader(fileName: path).read(URL(fileURLWithPath: path), sheet: sheet)
    }

    /// Validates every row against the store (through `entry`) and compares the file's statuses.
    /// - Parameters:
    ///   - sheet: the file as read.
    ///   - entry: the store's entry context.
    ///   - replica: the store's replica.
    ///   - vector: the store's version vector.
    ///   - progress: (rows done, rows total).
    public func plan(_ sheet: EPPGBMSheet, entry: RecordEntry, replica: ReplicaID, vector: VersionVector,
                     progress: (Int, Int) -> Void = { _, _ in }) -> Outcome {
        let rows = EPPGBMRows(sheet: sheet, map: map)
        let importer = ChildCheckImport(entry: entry, replica: replica, vector: vector, labels: rows.labels)
        let plan = importer.plan(rows.rows, progress: progress)
        return Outcome(sheet: sheet, rows: rows, plan: plan, selisih: EPPGBMSelisih(rows, map: map, standards: standards))
    }

    /// Records a valid outcome and the file's digest in one atomic batch (see `Store.recordImport`).
    /// - Throws: ``EPPGBMError`` `.invalidInput` with every problem when the outcome has any
    ///   (nothing recorded); `StoreError` from the store.
    @discardableResult
    public func record(_ outcome: Outcome, in store: Store, contentDigest: [UInt8]) throws -> [Event] {
        guard outcome.problems.isEmpty else { throw EPPGBMError(.invalidInput, outcome.problems) }
        let events = try store.recordImport(outcome.plan.drafts, contentDigest: contentDigest)
        // The checks named their children by the ids the store was expected to give them.
        let given = events.prefix(outcome.plan.newChildren.count).map(\.entity)
        precondition(given == outcome.plan.newChildren, "the store gave the new children other ids than planned")
        return events
    }
}
