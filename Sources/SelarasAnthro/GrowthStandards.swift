import Foundation

/// The WHO 2006 Child Growth Standards LMS tables and the z-score rules applied to them.
///
/// Load once with ``bundled()`` (or ``load(from:)``) and call ``zScores(_:)`` for each check;
/// the value is immutable and `Sendable`, so one instance can be shared across tasks.
public struct GrowthStandards: Sendable {
    /// Days per month used by WHO to convert age in days to months.
    public static let daysPerMonth: Double = 30.4375
    /// Age in months from which no z-scores are computed (exclusive upper bound).
    public static let scopeMonths: Double = 60
    /// Last day of life for which z-scores are computed (1826: 1826 / 30.4375 < 60 ≤ 1827 / 30.4375).
    public static let lastDayInScope: Int = 1826
    /// First day of the lying/standing switch: standards use height (standing) from this day.
    public static let heightFromDay: Int = 731

    /// Weight-, length/height-, weight-for-length/height-, BMI-, head- and MUAC-for-age tables.
    let wfa: LMSTable
    let lhfa: LMSTable
    let wfl: LMSTable
    let wfh: LMSTable
    let bmifa: LMSTable
    let hcfa: LMSTable
    let acfa: LMSTable

    /// The names of the bundled table files, in the order they are loaded.
    public static let tableFileNames: [String] = [
        "wfa_weight_for_age.csv", "lhfa_length_height_for_age.csv",
        "wfl_weight_for_length.csv", "wfh_weight_for_height.csv",
        "bmifa_bmi_for_age.csv", "hcfa_head_circumference_for_age.csv",
        "acfa_arm_circumference_for_age.csv",
    ]

    private static let cachedBundled: Result<GrowthStandards, GrowthStandardsError> = {
        guard let directory = Bundle.module.url(forResource: "who", withExtension: nil) else {
            return .failure(GrowthStandardsError(
                code: .fileMissing, message: "resource directory \"who\" not found in the module bundle"))
        }
        do throws(GrowthStandardsError) {
            return .success(try load(from: directory))
        } catch {
            return .failure(error)
        }
    }()

    /// The standards parsed from the CSV files bundled with this module (`Resources/who`).
    ///
    /// The files are parsed on the first call (a few milliseconds) and the result is cached for
    /// the life of the process; later calls are O(1).
    ///
    /// - Throws: ``GrowthStandardsError`` if a file is missing, unreadable or malformed.
    public static func bundled() throws(GrowthStandardsError) -> GrowthStandards {
        try cachedBundled.get()
    }

    /// Parses the seven WHO LMS CSV files (see ``tableFileNames``) from a directory.
    ///
    /// - Parameter directory: a directory containing the files.
    /// - Returns: the parsed standards. O(total rows).
    /// - Throws: ``GrowthStandardsError`` if a file is missing, unreadable or malformed.
    public static func load(from directory: URL) throws(GrowthStandardsError) -> GrowthStandards {
        func table(
            _ name: String, _ keyColumn: String, _ kind: LMSTable.KeyKind, _ keys: ClosedRange<Int>
        ) throws(GrowthStandardsError) -> LMSTable {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw GrowthStandardsError(code: .fileMissing, message: "\(name) not found in \(directory.path)")
            }
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw GrowthStandardsError(code: .fileUnreadable, message: "cannot read \(name)", underlying: error)
            }
            return try LMSTable.parse(text, fileName: name, keyColumn: keyColumn, keyKind: kind, expectedKeys: keys)
        }
        return GrowthStandards(
            wfa: try table("wfa_weight_for_age.csv", "age_days", .day, 0...1856),
            lhfa: try table("lhfa_length_height_for_age.csv", "age_days", .day, 0...1856),
            wfl: try table("wfl_weight_for_length.csv", "length_cm", .tenthCm, 450...1100),
            wfh: try table("wfh_weight_for_height.csv", "height_cm", .tenthCm, 650...1200),
            bmifa: try table("bmifa_bmi_for_age.csv", "age_days", .day, 0...1856),
            hcfa: try table("hcfa_head_circumference_for_age.csv", "age_days", .day, 0...1856),
            acfa: try table("acfa_arm_circumference_for_age.csv", "age_days", .day, 91...1856)
        )
    }

    /// Converts an age in whole days to months as WHO does: `days / 30.4375`.
    ///
    /// - Parameter days: age in days.
    /// - Returns: age in (fractional) months.
    @inline(__always)
    public static func ageInMonths(days: Int) -> Double {
        Double(days) / daysPerMonth
    }

    /// Whether z-scores are computed at this age: `0 ≤ days` and `days / 30.4375 < 60`
    /// (i.e. days 0…1826).
    ///
    /// - Parameter days: age in days.
    @inline(__always)
    public static func isAgeInScope(days: Int) -> Bool {
        days >= 0 && ageInMonths(days: days) < scopeMonths
    }

    /// Computes every z-score and flag for one measurement, following the README rules.
    ///
    /// - Age outside ``isAgeInScope(days:)`` gives an empty result (all `nil`, no flags).
    /// - Length/height is adjusted by ±0.7 cm for the position (none for
    ///   ``MeasuredPosition/unknown`` or for standing under 9 months, which sets
    ///   ``AnthroResult/positionFlag``); BMI uses the adjusted value.
    /// - Weight-for-length (45–110 cm) before day 731, weight-for-height (65–120 cm) from day 731,
    ///   interpolated between 0.1 cm rows; outside the range `whz` is `nil`.
    /// - Oedema sets `waz`, `whz` and `baz` to `nil` (MUAC-for-age is kept, as in WHO `anthro`).
    /// - Z-scores are rounded to 2 decimals (half away from zero) and flags use the rounded value.
    ///
    /// - Parameter input: the measurement.
    /// - Returns: the z-scores and flags.
    /// - Complexity: O(1): array-indexed table lookups, no allocation.
    public func zScores(_ input: AnthroInput) -> AnthroResult {
        var result = AnthroResult()
        let day = input.ageDays
        guard Self.isAgeInScope(days: day) else { return result }
        let sex = input.sex
        let weightBased = !input.oedema
        let weight = Self.positive(input.weightKg)

        // Rule 4: position adjustment.
        var position = input.position
        if position == .standing && Self.ageInMonths(days: day) < 9 {
            position = .unknown
            result.positionFlag = true
        }
        var length = Self.positive(input.lengthHeightCm)
        if let measured = length {
            if day < Self.heightFromDay {
                if position == .standing { length = measured + 0.7 }
            } else if position == .lying {
                length = measured - 0.7
            }
        }

        if weightBased, let weight, let lms = wfa.row(sex, key: day) {
            let z = Self.rounded(lms.restrictedZScore(weight))
            result.waz = z
        }
        if let length, let lms = lhfa.row(sex, key: day) {
            let z = Self.rounded(lms.zScore(length))
            result.haz = z
        }
        if weightBased, let weight, let length {
            let table = day < Self.heightFromDay ? wfl : wfh
            if let lms = table.interpolated(sex, lengthCm: length) {
                let z = Self.rounded(lms.restrictedZScore(weight))
                result.whz = z
            }
            let metres = length / 100
            if let lms = bmifa.row(sex, key: day) {
                let z = Self.rounded(lms.restrictedZScore(weight / (metres * metres)))
                result.baz = z
            }
        }
        if let head = Self.positive(input.headCircumferenceCm), let lms = hcfa.row(sex, key: day) {
            let z = Self.rounded(lms.zScore(head))
            result.hcz = z
        }
        if let muac = Self.positive(input.muacCm), let lms = acfa.row(sex, key: day) {
            let z = Self.rounded(lms.restrictedZScore(muac))
            result.acz = z
        }
        result.setFlagsFromZScores()
        return result
    }

    /// The value if it is finite and > 0, else `nil`.
    @inline(__always)
    private static func positive(_ value: Double?) -> Double? {
        guard let value, value.isFinite, value > 0 else { return nil }
        return value
    }

    /// Rounds to 2 decimals, half away from zero; `nil` for a non-finite z.
    @inline(__always)
    static func rounded(_ z: Double) -> Double? {
        guard z.isFinite else { return nil }
        return (z * 100).rounded() / 100
    }
}
