import SelarasModel

/// What to put in a dataset: tier, filters, the "as of" date, pseudonym key, thresholds.
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
    /// The export's own "as of" date: the `children` table's `age_months` is the age on this
    /// date. It is chosen by whoever exports (`selaras export --as-of`, default today in
    /// Balikpapan), never taken from recorded times or measurement dates, so one laptop whose
    /// clock runs ahead cannot shift every child's age. The same events and the same `asOf` give
    /// the same dataset.
    public var asOf: LocalDate

    /// Options with a pseudonym key.
    /// - Parameters:
    ///   - pseudonymKey: the analyst tier's HMAC key (≥ 32 bytes).
    ///   - asOf: the export's "as of" date (default: today in Balikpapan, UTC+8); tests and
    ///     anything that must give the same bytes tomorrow pass it.
    public init(pseudonymKey: [UInt8], asOf: LocalDate = .today()) {
        self.pseudonymKey = pseudonymKey
        self.asOf = asOf
    }

    /// The filters and the as-of date in one line, for codebooks and descriptors
    /// (`kelurahan: all; from: any; to: any; as of: 2025-03-15`), so a file that travels on its
    /// own says which date its ages are counted to.
    public var summary: String {
        "kelurahan: \(kelurahan?.name ?? "all"); from: \(from?.description ?? "any"); to: \(to?.description ?? "any"); "
            + "as of: \(asOf) (ages in the children table are counted to this date)"
    }

    func includes(_ date: LocalDate?) -> Bool {
        guard let date else { return from == nil && to == nil }
        if let from, date < from { return false }
        if let to, date > to { return false }
        return true
    }
}
