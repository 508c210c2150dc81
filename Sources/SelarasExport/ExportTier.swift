/// Who the export is for.
public enum ExportTier: String, Sendable, CaseIterable {
    /// The health office: identified data (names, NIK, addresses).
    case office
    /// Analysts: pseudonymised (keyed-hash ids, no names, NIK, family card, phone or street
    /// address) and no date finer than its month: no birth date and no age in days, age in
    /// calendar months (month minus month), measurement and survey dates as the first of their
    /// month, income in bands, indicator counts of 1–2 suppressed.
    case analyst
}

extension ExportTier {
    /// One paragraph for codebooks (data package, workbook): who the export is for and what
    /// was removed, so a file that travels on its own still says what it holds.
    public var note: String {
        switch self {
        case .office:
            "Office tier: identified data for the health office (names, NIK, family card numbers, addresses, "
                + "phone numbers, dates of birth and record ids as recorded). Keep it inside the office; "
                + "do not share it with analysts or outside the programme."
        case .analyst:
            "Analyst tier: pseudonymised. Child, household and record ids are replaced by keyed HMAC-SHA256 "
                + "pseudonyms (stable for the same key); names, NIK, family card numbers, phone numbers, street "
                + "addresses, RT/RW, GPS coordinates, cadre and surveyor names and notes are left out. No column or "
                + "combination of columns gives a birth, measurement or survey date finer than its month: there is no "
                + "date of birth and no age in days; age_months is the measurement's (or the as-of date's) month minus "
                + "the birth month; measurement and survey dates are the first day of their month; income is a band "
                + "(income_band). Indicator counts of 1-2 and the percentages built on them are suppressed (empty). "
                + "What remains: z-scores next to weight and length allow a rough estimate of age within the month, and "
                + "small kelurahan-month cells can still single out a household or child to someone who knows it; "
                + "the analyst agrees not to try to re-identify anyone, not to link these files with other data about "
                + "the same people, and not to pass them on."
        }
    }
}
