import Foundation

/// A WHO LMS table for both sexes, stored as flat arrays indexed by an integer key for O(1)
/// lookup.
///
/// The key is the age in days for age-based tables and the length/height in tenths of a
/// centimetre (mm) for the weight-for-length/height tables.
struct LMSTable: Sendable {
    /// The key of element 0 of each array (first age day, or first length in mm).
    let firstKey: Int
    /// Boys' rows, `male[key - firstKey]`.
    let male: [LMS]
    /// Girls' rows, `female[key - firstKey]`.
    let female: [LMS]

    /// The key of the last row.
    var lastKey: Int { firstKey + male.count - 1 }

    /// The row for `key`, or `nil` when the key is outside the table. O(1).
    @inline(__always)
    func row(_ sex: AnthroSex, key: Int) -> LMS? {
        let index = key - firstKey
        let rows = sex == .male ? male : female
        guard index >= 0, index < rows.count else { return nil }
        return rows[index]
    }

    /// The L, M, S for a length/height in cm, linearly interpolated between the neighbouring
    /// 0.1 cm rows (README rule 5); `nil` outside the table. O(1).
    ///
    /// A value within 1e-6 mm of a 0.1 cm grid point (e.g. 71.0 + 0.7 = 71.69999…) is snapped to
    /// that row, so float noise neither shifts the row nor drops a value at the table edge.
    func interpolated(_ sex: AnthroSex, lengthCm: Double) -> LMS? {
        let x = lengthCm * 10
        guard x.isFinite,
              x >= Double(firstKey) - 1e-6,
              x <= Double(lastKey) + 1e-6 else { return nil }
        let nearest = x.rounded()
        if abs(x - nearest) < 1e-6 {
            return row(sex, key: Int(nearest))
        }
        let lower = x.rounded(.down)
        let key = Int(lower)
        guard let low = row(sex, key: key), let high = row(sex, key: key + 1) else { return nil }
        return low.interpolated(to: high, fraction: x - lower)
    }

    /// How the key column of a table file is written.
    enum KeyKind: Sendable {
        /// Whole days in a column such as `age_days`.
        case day
        /// Centimetres with one decimal in a column such as `length_cm`; stored as mm.
        case tenthCm
    }

    /// Parses a WHO LMS CSV file (header `sex,<key>,L,M,S[,measure]`).
    ///
    /// Both sexes must have consecutive keys covering exactly `expectedKeys`. O(rows).
    ///
    /// - Parameters:
    ///   - text: the file content.
    ///   - fileName: the file name, used in error messages.
    ///   - keyColumn: the expected name of the key column, e.g. `age_days`.
    ///   - keyKind: how the key is written.
    ///   - expectedKeys: the key range the table must cover (days, or mm for lengths).
    /// - Throws: ``GrowthStandardsError`` with code ``GrowthStandardsError/Code/malformed``.
    static func parse(
        _ text: String, fileName: String, keyColumn: String, keyKind: KeyKind,
        expectedKeys: ClosedRange<Int>
    ) throws(GrowthStandardsError) -> LMSTable {
        func fail(_ line: Int, _ why: String) -> GrowthStandardsError {
            GrowthStandardsError(code: .malformed, message: "\(fileName) line \(line): \(why)")
        }
        // Lines end in "\n" or "\r\n" (the "\r" is trimmed with the fields).
        let all = Array(text.utf8)
        var lines = all.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        while let last = lines.last, Self.trimmed(last).isEmpty { lines.removeLast() }
        guard let firstLine = lines.first else { throw fail(1, "empty file") }
        let headerLine = String(decoding: Self.trimmed(firstLine), as: UTF8.self)
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard header.count >= 5, header[0] == "sex", header[1] == keyColumn,
              let li = header.firstIndex(of: "L"), let mi = header.firstIndex(of: "M"),
              let si = header.firstIndex(of: "S") else {
            throw fail(1, "expected header sex,\(keyColumn),L,M,S; got \(headerLine)")
        }
        let expectedCount = expectedKeys.count
        var rows: [AnthroSex: [LMS]] = [.male: [], .female: []]
        rows[.male]!.reserveCapacity(expectedCount)
        rows[.female]!.reserveCapacity(expectedCount)
        // The rows are read as bytes (the files are ASCII): splitting them into Characters cost
        // most of the 0.23 s every `check add` spent loading the tables.
        var fields: [ArraySlice<UInt8>] = []
        fields.reserveCapacity(header.count + 1)
        for (offset, line) in lines.dropFirst().enumerated() {
            let lineNumber = offset + 2
            fields.removeAll(keepingCapacity: true)
            let bytes = line
            var start = bytes.startIndex
            for k in bytes.indices where bytes[k] == UInt8(ascii: ",") {
                fields.append(Self.trimmed(bytes[start..<k]))
                start = k + 1
            }
            fields.append(Self.trimmed(bytes[start...]))
            func cell(_ k: Int) -> String { String(decoding: fields[k], as: UTF8.self) }
            guard fields.count == header.count else {
                throw fail(lineNumber, "expected \(header.count) fields, got \(fields.count)")
            }
            guard let sex = AnthroSex(tableCode: cell(0)) else {
                throw fail(lineNumber, "unknown sex \"\(cell(0))\"")
            }
            let key: Int
            switch keyKind {
            case .day:
                guard let day = Int(cell(1)) else { throw fail(lineNumber, "bad day \"\(cell(1))\"") }
                key = day
            case .tenthCm:
                guard let cm = Self.decimal(fields[1]), cm.isFinite else {
                    throw fail(lineNumber, "bad length \"\(cell(1))\"")
                }
                key = Int((cm * 10).rounded())
            }
            guard let l = Self.decimal(fields[li]), let m = Self.decimal(fields[mi]), let s = Self.decimal(fields[si]),
                  l.isFinite, m.isFinite, s.isFinite, m > 0, s > 0 else {
                throw fail(lineNumber, "bad L/M/S values")
            }
            let expectedKey = expectedKeys.lowerBound + rows[sex]!.count
            guard key == expectedKey else {
                throw fail(lineNumber, "expected \(sex.tableCode) key \(expectedKey), got \(cell(1))")
            }
            rows[sex]!.append(LMS(l: l, m: m, s: s))
        }
        for sex in [AnthroSex.male, .female] where rows[sex]!.count != expectedCount {
            throw fail(lines.count, "\(sex.tableCode) has \(rows[sex]!.count) rows, expected \(expectedCount)")
        }
        return LMSTable(firstKey: expectedKeys.lowerBound, male: rows[.male]!, female: rows[.female]!)
    }

    /// The bytes without leading and trailing spaces and tabs.
    static func trimmed(_ b: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var b = b
        while let f = b.first, f == 0x20 || f == 0x09 || f == 0x0D { b = b.dropFirst() }
        while let l = b.last, l == 0x20 || l == 0x09 || l == 0x0D { b = b.dropLast() }
        return b
    }

    /// Powers of ten that a `Double` holds exactly.
    static let exactPowersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { p, _ in p * 10 } }

    /// A decimal number (`-0.3487`, `12`, `1e-3`), read as `Double(String)` would read it.
    ///
    /// Plain decimals with at most 15 significant digits and 22 decimals take the exact path
    /// (digits as an integer, divided by a power of ten: both exact, so the one rounding is
    /// the correctly rounded result, as strtod gives); anything else goes to `Double(String)`.
    static func decimal(_ b: ArraySlice<UInt8>) -> Double? {
        var i = b.startIndex
        var negative = false
        if i < b.endIndex, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { negative = b[i] == UInt8(ascii: "-"); i += 1 }
        var mantissa: UInt64 = 0, digits = 0, decimals = 0, sawPoint = false, plain = i < b.endIndex
        while i < b.endIndex {
            let c = b[i]
            if c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                mantissa = mantissa &* 10 &+ UInt64(c - UInt8(ascii: "0"))
                if mantissa > 0 { digits += 1 }
                if sawPoint { decimals += 1 }
            } else if c == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                plain = false
                break
            }
            i += 1
        }
        if plain, digits <= 15, decimals <= 22, b.count > (negative || b.first == UInt8(ascii: "+") ? 1 : 0) + (sawPoint ? 1 : 0) {
            let v = Double(mantissa) / exactPowersOfTen[decimals]
            return negative ? -v : v
        }
        return Double(String(decoding: b, as: UTF8.self))
    }
}
