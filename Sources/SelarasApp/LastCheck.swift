import SelarasModel

/// A child's latest check as the weighing form compares a new one with it: its date and raw
/// weight and length/height (no z-scores).
struct LastCheck: Sendable, Equatable {
    /// The measurement date.
    var date: LocalDate
    /// Weight (kg), when weighed.
    var weight: Double?
    /// Length or height (cm), when measured.
    var lengthHeight: Double?
}
