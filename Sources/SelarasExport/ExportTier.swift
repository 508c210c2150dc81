/// Who the export is for.
public enum ExportTier: String, Sendable, CaseIterable {
    /// The health office: identified data (names, NIK, addresses).
    case office
    /// Analysts: pseudonymised (keyed-hash ids, no names, NIK, family card, phone or street
    /// address, age in months instead of birth date, indicator counts of 1–2 suppressed).
    case analyst
}
