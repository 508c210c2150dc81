extension LocalDate {
    /// The calendar month as one number, `year × 12 + month − 1`: consecutive months differ by 1.
    public var monthNumber: Int { let c = components; return c.year * 12 + c.month - 1 }

    /// Completed months since `born` (a month is complete on the same day number; the KMS's
    /// age in months). Negative when `born` is later.
    /// - Complexity: O(1).
    public func completedMonths(since born: LocalDate) -> Int {
        let a = born.components, b = components
        return (b.year - a.year) * 12 + (b.month - a.month) - (b.day < a.day ? 1 : 0)
    }
}
