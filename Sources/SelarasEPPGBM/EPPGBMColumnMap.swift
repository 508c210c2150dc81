import Foundation
import SelarasModel

/// e-PPGBM's measurement layout as data (`Resources/eppgbm-columns.json`, versioned): each
/// column's header, what it fills in Selaras (a child field, a check field, a status or z-score
/// the file states, or nothing), how its cells are read, and the words e-PPGBM writes for each
/// Permenkes status. A changed layout is a change of that file, not of code.
public struct EPPGBMColumnMap: Sendable, Decodable {
    /// One column of the layout.
    public struct Column: Sendable, Decodable {
        /// The header as e-PPGBM writes it (matched ignoring case and spaces).
        public let header: String
        /// Space-separated targets: `child.FIELD`, `check.FIELD`, `file.wfa|waz|hfa|haz|wfh|whz`, or `ignore`.
        public let role: String
        /// How cells are read: `nik`, `text`, `choice`, `date`, `decimal`, `birthWeight`, `integer`,
        /// `kelurahan`, `status`, `zscore`; nil for an ignored column.
        public let kind: Kind?
        /// For a choice: the file's word → Selaras's value (matched ignoring case).
        public let values: [String: String]?
        /// Why an ignored column is not kept.
        public let note: String?

        /// The targets of ``role``.
        public var targets: [Substring] { role.split(separator: " ") }
        /// Whether Selaras does not keep this column.
        public var isIgnored: Bool { role == "ignore" }
    }

    /// How a column's cells are read.
    public enum Kind: String, Sendable, Decodable {
        /// A NIK: digits, as a number, as text or `'`-prefixed.
        case nik
        /// Free text.
        case text
        /// A word mapped through the column's `values`.
        case choice
        /// A date: spreadsheet serial, `dd-mm-yyyy`, `dd/mm/yyyy` or ISO.
        case date
        /// A decimal, with a point or a comma.
        case decimal
        /// A birth weight in kg, or in grams (above 100).
        case birthWeight
        /// A whole number (`001` allowed).
        case integer
        /// A kelurahan name in any case.
        case kelurahan
        /// A Permenkes status word (compared, not stored).
        case status
        /// A z-score (compared, not stored).
        case zscore
    }

    /// What the layout is.
    public let layout: String
    /// The map's version (raise it with every change).
    public let version: Int
    /// The label of the file's first line (`Data Tanggal : YYYY-MM-DD`).
    public let dataDateLabel: String
    /// The columns, in e-PPGBM's order (also the export's order).
    public let columns: [Column]
    /// Per indicator (`wfa`, `hfa`, `wfh`), per Permenkes category (SelarasAnthro's raw values),
    /// the words e-PPGBM writes; the first is the one the export writes.
    public let statusWords: [String: [String: [String]]]

    /// The map shipped with Selaras.
    /// - Throws: ``EPPGBMError`` when the resource is missing or does not decode, or names a
    ///   field that is not in the record schema.
    public static func bundled() throws(EPPGBMError) -> EPPGBMColumnMap {
        guard let url = Bundle.module.url(forResource: "eppgbm-columns", withExtension: "json"),
              let data = try? Data(contentsOf: url) else {
            throw EPPGBMError(.layout, "the e-PPGBM column map (eppgbm-columns.json) is missing from the build")
        }
        return try decode(data, name: "eppgbm-columns.json")
    }

    /// Decodes and checks a column map.
    /// - Throws: ``EPPGBMError`` naming the first target that is not a schema field.
    public static func decode(_ data: Data, name: String) throws(EPPGBMError) -> EPPGBMColumnMap {
        let map: EPPGBMColumnMap
        do { map = try JSONDecoder().decode(EPPGBMColumnMap.self, from: data) } catch {
            throw EPPGBMError(.layout, "\(name): is not a valid column map (\(error))", underlying: error)
        }
        for c in map.columns where !c.isIgnored {
            guard c.kind != nil else { throw EPPGBMError(.layout, "\(name): column '\(c.header)' has no kind") }
            for t in c.targets {
                let parts = t.split(separator: ".", maxSplits: 1)
                let ok: Bool
                switch parts.first {
                case "child": ok = parts.count == 2 && RecordSchema.child.field(named: String(parts[1])) != nil
                case "check": ok = parts.count == 2 && RecordSchema.growthCheck.field(named: String(parts[1])) != nil
                case "file": ok = parts.count == 2 && ["wfa", "waz", "hfa", "haz", "wfh", "whz"].contains(parts[1])
                default: ok = false
                }
                guard ok else { throw EPPGBMError(.layout, "\(name): column '\(c.header)' has target '\(t)', which is not a field of Selaras") }
            }
        }
        return map
    }

    /// A header folded for matching: lowercase, spaces removed.
    static func fold(_ header: String) -> String {
        header.lowercased().filter { !$0.isWhitespace }
    }

    /// The column with this header, or nil.
    public func column(header: String) -> Column? {
        let f = Self.fold(header)
        return columns.first { Self.fold($0.header) == f }
    }

    /// The header of the column that fills `key`, or nil.
    public func header(for key: FieldKey) -> String? {
        let target = (key.kind == .child ? "child." : "check.") + key.name
        return columns.first { $0.targets.contains(Substring(target)) }?.header
    }

    /// The header of the column holding the file's `indicator` (`wfa`, `waz`, …).
    public func header(forFile indicator: String) -> String? {
        columns.first { $0.targets.contains(Substring("file." + indicator)) }?.header
    }

    /// The category (SelarasAnthro raw value) a status word names, or nil.
    public func category(_ indicator: String, word: String) -> String? {
        let w = word.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for (category, words) in statusWords[indicator] ?? [:] where words.contains(where: { $0.lowercased() == w }) {
            return category
        }
        return nil
    }

    /// The word the export writes for a category.
    public func word(_ indicator: String, category: String) -> String? { statusWords[indicator]?[category]?.first }
}
