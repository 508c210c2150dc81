/// One monthly weighing as the KMS rules see it.
public struct MonthlyWeighing: Sendable, Hashable {
    /// The calendar month, as `year × 12 + month − 1` (consecutive months differ by 1).
    public var monthIndex: Int
    /// The child's age in completed months on the day of the weighing.
    public var ageMonths: Int
    /// The weight in kg.
    public var weightKg: Double

    /// Creates a weighing.
    public init(monthIndex: Int, ageMonths: Int, weightKg: Double) {
        self.monthIndex = monthIndex
        self.ageMonths = ageMonths
        self.weightKg = weightKg
    }
}
