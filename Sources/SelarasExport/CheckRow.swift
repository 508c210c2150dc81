import SelarasMerge
import SelarasModel

/// A growth check with its child, its WHO measurement and its growth status against the
/// previous check (compact: a million of these are held during an export, 64 bytes each).
struct CheckRow: Sendable {
    /// The check's measurement, computed once when the dataset is built (nil in the rare case
    /// it cannot be packed exactly: then it is computed again where needed, see
    /// ``DatasetContext/measurement(_:)``).
    let measured: PackedMeasurement?
    /// N (gained), T (did not gain), 2T (twice in a row), O (no check the month before), B (first check).
    var growth: Growth = .none
    /// Where the check's merged record is in the state (its id and fields are read from there:
    /// no copy of the record, and no lookup by id when its row is written).
    let position: EntityPosition
    /// The surviving child's index in ``DatasetContext/children``.
    var childIndex: Int32
    let date: LocalDate
    /// Weight in 0.1 kg, for the growth status.
    let weight: Int64?

    init(position: EntityPosition, childIndex: Int32, date: LocalDate, weight: Int64?, measured: PackedMeasurement?) {
        self.position = position
        self.childIndex = childIndex
        self.date = date
        self.weight = weight
        self.measured = measured
    }

    /// Fills space reserved for rows before they are written.
    static let placeholder = CheckRow(position: EntityPosition(shard: 0, index: 0), childIndex: -1,
                                      date: LocalDate(daysSinceEpoch: 0), weight: nil, measured: nil)

    /// Growth status codes (the text is what the tables show).
    enum Growth: UInt8, Sendable {
        case none, n, t, twoT, o, b
        var text: String {
            switch self { case .none: ""; case .n: "N"; case .t: "T"; case .twoT: "2T"; case .o: "O"; case .b: "B" }
        }
    }
}
