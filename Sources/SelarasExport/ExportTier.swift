/// Who the export is for.
public enum ExportTier: String, Sendable, CaseIterable {
    /// The health office: identified data (names, NIK, addresses).
    case office
    /// Analysts: pseudonymised (keyed-hash ids, no names, NIK, family card, phone or street
    /// address, age in months instead of birth date, indicator counts of 1–2 suppressed).
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
                + "addresses, RT/RW, GPS coordinates, cadre and surveyor names and notes are left out; the date of "
                + "birth is replaced by age in months and measurement dates by the first day of their month; "
                + "indicator counts of 1-2 and the percentages built on them are suppressed (empty)."
        }
    }
}
