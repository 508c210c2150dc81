import SelarasModel

/// What to put in a dataset: tier, filters, pseudonym key, thresholds.
public struct DatasetOptions: Sendable {
    /// Office (identified) or analyst (pseudonymised).
    public var tier: ExportTier = .analyst
    /// Only this kelurahan (nil for all).
    public var kelurahan: Kelurahan? = nil
    /// Only measurements and surveys on or after this date.
    public var from: LocalDate? = nil
    /// Only measurements and surveys on or before this date.
    public var to: LocalDate? = nil
    /// The analyst tier's HMAC key (≥ 32 bytes).
    public var pseudonymKey: [UInt8]
    /// RTLH thresholds.
    public var thresholds = RTLHThresholds()

    /// Options with a pseudonym key.
    public init(pseudonymKey: [UInt8]) { self.pseudonymKey = pseudonymKey }

    func includes(_ date: LocalDate?) -> Bool {
        guard let date else { return from == nil && to == nil }
        if let from, date < from { return false }
        if let to, date > to { return false }
        return true
    }
}
