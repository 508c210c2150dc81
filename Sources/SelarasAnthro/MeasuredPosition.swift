/// How the child's length/height was measured.
///
/// WHO standards use recumbent length before day 731 and standing height from day 731;
/// ``GrowthStandards/zScores(_:)`` adjusts a measurement taken in the other position by 0.7 cm.
public enum MeasuredPosition: Sendable, Hashable {
    /// Recumbent (lying) length, as on a length board.
    case lying
    /// Standing height, as on a stadiometer.
    case standing
    /// Position not recorded: the measurement is used unadjusted.
    case unknown
}
