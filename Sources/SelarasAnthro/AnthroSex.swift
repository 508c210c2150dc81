/// The sex of a child, selecting the boys' ("M") or girls' ("F") WHO table.
public enum AnthroSex: Sendable, Hashable {
    /// A boy; WHO table rows with `sex` = `M`.
    case male
    /// A girl; WHO table rows with `sex` = `F`.
    case female

    /// Parses the one-letter WHO table code (`"M"` or `"F"`, case-insensitive).
    ///
    /// - Parameter code: the code as it appears in the WHO CSV files.
    /// - Returns: the sex, or `nil` for any other string.
    public init?(tableCode code: some StringProtocol) {
        switch code {
        case "M", "m": self = .male
        case "F", "f": self = .female
        default: return nil
        }
    }

    /// The one-letter WHO table code: `"M"` for ``male``, `"F"` for ``female``.
    public var tableCode: String {
        switch self {
        case .male: "M"
        case .female: "F"
        }
    }
}
