/// The workbook's cell formats (indexes into `cellXfs` in `xl/styles.xml`).
enum CellStyle: Int {
    /// General.
    case normal = 0
    /// Bold: the header row.
    case header = 1
    /// A date (`yyyy-mm-dd`, custom number format 164).
    case date = 2
    /// `0.0`.
    case oneDecimal = 3
    /// `0.00` (built-in 2).
    case twoDecimals = 4
    /// `0.000`.
    case threeDecimals = 5
    /// Wrapped text, top-aligned (the codebook's long descriptions).
    case wrapped = 6

    /// The format for a number with `decimals` places (General beyond three).
    static func decimals(_ n: Int) -> CellStyle {
        switch n {
        case 1: .oneDecimal
        case 2: .twoDecimals
        case 3: .threeDecimals
        default: .normal
        }
    }
}
