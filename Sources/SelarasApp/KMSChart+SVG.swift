import Foundation

extension KMSChart {
    /// Plot area in SVG user units.
    static let width = 760.0, height = 400.0, left = 48.0, right = 140.0, top = 16.0, bottom = 40.0

    func x(_ months: Double) -> Double { Self.left + months / Double(maxMonths) * (Self.width - Self.left - Self.right) }
    func y(_ value: Double) -> Double {
        Self.height - Self.bottom - (value - minValue) / (maxValue - minValue) * (Self.height - Self.top - Self.bottom)
    }
    static func n(_ v: Double) -> String { String(format: "%.1f", v) }
    func points(_ ps: [Point]) -> String { ps.map { "\(Self.n(x($0.months))),\(Self.n(y($0.value)))" }.joined(separator: " ") }

    /// What `kms.mustache` draws: the view box, bands, lines with labels, grid, and the child's
    /// line and dots (each dot with a title: age and value).
    public func view(title: String) -> [String: Any] {
        let unit = measure == .weight ? "kg" : "cm"
        // Bands between consecutive curves: −3..−2 yellow, −2..+2 green, +2..+3 yellow.
        func band(_ a: Int, _ b: Int, _ fill: String) -> [String: Any] {
            ["points": points(curves[a]) + " " + points(curves[b].reversed()), "fill": fill]
        }
        let bands: [[String: Any]] = curves.count == 5 && curves.allSatisfy({ !$0.isEmpty })
            ? [band(0, 1, "#fff59d"), band(1, 3, "#c5e1a5"), band(3, 4, "#fff59d")] : []
        let lines: [[String: Any]] = zip(Self.lines, curves).compactMap { line, pts in
            guard let last = pts.last else { return nil }
            // The red line is the KMS's weight line; on the length chart −3 SD is only a curve.
            let label = measure == .weight || line.z != -3 ? line.label : "−3 SD"
            return ["points": points(pts), "colour": line.colour, "label": label,
                    "lx": Self.n(x(last.months) + 4), "ly": Self.n(y(last.value) + 4), "red": line.z == -3]
        }
        let monthStep = maxMonths == 24 ? 2 : 6
        let gridX: [[String: Any]] = stride(from: 0, through: maxMonths, by: monthStep).map {
            ["x": Self.n(x(Double($0))), "label": "\($0)", "y1": Self.n(Self.top), "y2": Self.n(Self.height - Self.bottom),
             "ty": Self.n(Self.height - Self.bottom + 16)]
        }
        let valueStep = measure == .weight ? 2.0 : 10.0
        let gridY: [[String: Any]] = stride(from: minValue, through: maxValue, by: valueStep).map {
            ["y": Self.n(y($0)), "label": "\(Int($0))", "x1": Self.n(Self.left), "x2": Self.n(Self.width - Self.right),
             "ty": Self.n(y($0) + 4)]
        }
        let dots: [[String: Any]] = child.map {
            ["cx": Self.n(x($0.months)), "cy": Self.n(y($0.value)),
             "title": String(format: "umur %.1f bulan: %.1f %@", $0.months, $0.value, unit).replacingOccurrences(of: ".", with: ",")]
        }
        return ["title": title, "width": Self.n(Self.width), "height": Self.n(Self.height), "bands": bands, "lines": lines,
                "gridX": gridX, "gridY": gridY, "childLine": points(child), "dots": dots, "hasChild": !child.isEmpty,
                "unit": unit, "axisX": "Umur (bulan)", "axisXx": Self.n((Self.width - Self.right + Self.left) / 2),
                "axisXy": Self.n(Self.height - 4), "axisY": unit == "kg" ? "Berat badan (kg)" : "Panjang/tinggi badan (cm)"]
    }
}
