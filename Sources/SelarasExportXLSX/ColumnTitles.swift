import Foundation

/// The Indonesian titles of the workbook's header rows, from `Resources/judul-kolom.json`
/// (a data file: a new column gets its title there). The codebook sheet keeps the machine
/// name beside each title, so a title never has to be parsed back.
public struct ColumnTitles: Sendable, Decodable {
    /// The file's version.
    public let version: Int
    /// Machine column name → Indonesian title.
    public let titles: [String: String]

    /// The bundled titles (empty when the resource is missing: headers then show machine names).
    public static let bundled: ColumnTitles = {
        guard let url = Bundle.module.url(forResource: "judul-kolom", withExtension: "json"),
              let data = try? Data(contentsOf: url),
              let t = try? JSONDecoder().decode(ColumnTitles.self, from: data) else { return ColumnTitles(version: 0, titles: [:]) }
        return t
    }()

    /// The title of a column, or its machine name when it has none.
    public func title(_ column: String) -> String { titles[column] ?? column }
}
