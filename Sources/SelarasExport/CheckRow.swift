import SelarasMerge
import SelarasModel

/// A growth check kept for the `growth_checks` table: where its merged record is, its child and
/// its growth status against the previous check (16 bytes: a million are held during an export).
///
/// Nothing else is kept: the row's fields are decoded from the record, and its z-scores
/// computed, when the row is written (computing them is cheaper than holding them).
struct CheckRow: Sendable {
    /// Where the check's merged record is in the state (no copy of the record, and no lookup
    /// by id when its row is written).
    let position: EntityPosition
    /// The surviving child's index in ``DatasetContext/children``.
    let childIndex: Int32
    /// N (gained), T (did not gain), 2T (twice in a row), O (no check the month before), B (first check).
    var growth: Growth = .none

    init(position: EntityPosition, childIndex: Int32) {
        self.position = position
        self.childIndex = childIndex
    }

    /// Growth status codes (the text is what the tables show).
    enum Growth: UInt8, Sendable {
        case none, n, t, twoT, o, b
        var text: String {
            switch self { case .none: ""; case .n: "N"; case .t: "T"; case .twoT: "2T"; case .o: "O"; case .b: "B" }
        }
    }
}
