import SelarasMerge
import SelarasModel

/// A growth check kept for the `growth_checks` table, in 16 bytes (a million are held during an
/// export): which merged record it is, its child, its date and weight (for the growth status
/// and the indicators) and its growth status against the previous check.
///
/// Nothing else is kept here: the row's fields are decoded from the record when the row is
/// written, and its z-scores, computed once for the indicators and the rows, are held packed
/// beside (``DatasetContext/zScores``, 14 bytes a check).
struct CheckRow: RecordRow {
    /// The record's number in the state (`ConsolidatedState.record(number:)`).
    let record: UInt32
    /// The surviving child's index in ``DatasetContext/children``.
    let childIndex: Int32
    /// The measurement date.
    let date: LocalDate
    /// The weight in 0.1 kg, 0 when not recorded (see ``weight(_:)``).
    let weight: UInt16
    /// N (gained), T (did not gain), 2T (twice in a row), O (no check the month before), B (first check).
    var growth: Growth = .none

    init(record: UInt32, childIndex: Int32, date: LocalDate, weight: UInt16) {
        self.record = record
        self.childIndex = childIndex
        self.date = date
        self.weight = weight
    }

    /// Fills space reserved for rows before they are found.
    static let placeholder = CheckRow(record: 0, childIndex: -1, date: LocalDate(daysSinceEpoch: 0), weight: 0)

    /// A weight as kept here: 0 for none, else clamped into 1…65,535 (the schema allows 5–400,
    /// so clamping never changes a valid value, and keeps the order of any other).
    static func weight(_ w: Int64?) -> UInt16 {
        guard let w else { return 0 }
        return UInt16(clamping: max(w, 1))
    }

    /// Growth status codes (the text is what the tables show).
    enum Growth: UInt8, Sendable {
        case none, n, t, twoT, o, b
        var text: String {
            switch self { case .none: ""; case .n: "N"; case .t: "T"; case .twoT: "2T"; case .o: "O"; case .b: "B" }
        }
    }
}
