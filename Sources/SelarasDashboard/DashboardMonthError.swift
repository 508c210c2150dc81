import SelarasModel

/// A month the dashboard cannot show: not `YYYY-MM`, or after this month in Balikpapan. One
/// sentence naming the field, the value and what is allowed.
public struct DashboardMonthError: Error, Sendable, CustomStringConvertible {
    /// Why the month was refused.
    public enum Code: String, Sendable {
        /// The text is not a month `YYYY-MM` of 1900–2200.
        case notAMonth = "not-a-month"
        /// The month has not begun yet in Balikpapan (WITA).
        case future
    }

    /// Why.
    public let code: Code
    /// The sentence for people.
    public let message: String
    /// The text that was refused.
    public let value: String

    /// The sentence for people.
    public var description: String { message }
}
