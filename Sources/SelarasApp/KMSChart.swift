import SelarasAnthro

/// The KMS (Kartu Menuju Sehat) chart of a child, drawn as SVG on the server: the WHO 2006
/// curves at −3, −2, 0, +2 and +3 SD for weight-for-age (or length/height-for-age), the
/// coloured bands between them as in the Buku KIA (green between −2 and +2, yellow to ±3, the
/// red line at −3), and the child's measurements joined in date order.
///
/// The chart is a value the template `kms.mustache` draws; nothing here writes markup.
public struct KMSChart: Sendable {
    /// Which measurement the chart shows.
    public enum Measure: Sendable {
        /// Berat badan menurut umur (BB/U), kg.
        case weight
        /// Panjang/tinggi badan menurut umur (PB/U, TB/U), cm.
        case lengthHeight
    }

    /// One point of a curve: age in months and the value (kg or cm).
    public struct Point: Sendable, Hashable {
        /// Age in months (days / 30.4375).
        public var months: Double
        /// kg or cm.
        public var value: Double
    }

    /// The SD lines drawn, with their colours (Buku KIA) and labels.
    public static let lines: [(z: Double, colour: String, label: String)] = [
        (-3, "#c62828", "−3 SD (garis merah)"), (-2, "#f9a825", "−2 SD"), (0, "#2e7d32", "Median"),
        (2, "#f9a825", "+2 SD"), (3, "#6d4c41", "+3 SD"),
    ]

    /// The last age on the chart: 24 months while the child is under two, else 60.
    public let maxMonths: Int
    /// What is drawn.
    public let measure: Measure
    /// The curves, one per entry of ``lines``, one point per half month (the table's day nearest).
    public let curves: [[Point]]
    /// The child's points, oldest first.
    public let child: [Point]
    /// The value range of the y axis.
    public let minValue: Double, maxValue: Double

    /// The day of the table nearest to a point `months` old.
    public static func day(months: Double) -> Int { Int((months * GrowthStandards.daysPerMonth).rounded()) }

    /// Builds the chart of a child.
    /// - Parameters:
    ///   - child: (age in days, value) of each measurement, oldest first.
    public init(measure: Measure, sex: AnthroSex, standards: GrowthStandards, child: [(ageDays: Int, value: Double)]) {
        let lastMonths = child.map { Double($0.ageDays) / GrowthStandards.daysPerMonth }.max() ?? 0
        maxMonths = lastMonths < 24 ? 24 : 60
        self.measure = measure
        let maxM = maxMonths
        let curves: [[Point]] = Self.lines.map { line in
            stride(from: 0.0, through: Double(maxM), by: 0.5).compactMap { m in
                let d = Self.day(months: m)
                let v = measure == .weight ? standards.weight(atZ: line.z, sex: sex, ageDays: d)
                    : standards.lengthHeight(atZ: line.z, sex: sex, ageDays: d)
                return v.map { Point(months: m, value: $0) }
            }
        }
        let points = child.filter { Double($0.ageDays) / GrowthStandards.daysPerMonth <= Double(maxM) }
            .map { Point(months: Double($0.ageDays) / GrowthStandards.daysPerMonth, value: $0.value) }
        self.curves = curves
        self.child = points
        let all = curves.flatMap { $0 }.map(\.value) + points.map(\.value)
        let step = measure == .weight ? 2.0 : 10.0
        minValue = measure == .weight ? 0 : ((all.min() ?? 40) / step).rounded(.down) * step
        maxValue = ((all.max() ?? 20) / step).rounded(.up) * step
    }
}
