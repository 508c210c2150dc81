import Foundation
import SelarasModel

/// Indonesian labels and display forms of the fields the app shows (Buku KIA / e-PPGBM terms).
enum FieldLabels {
    /// The label of each field the app shows, keyed by the schema's keys.
    static let labels: [FieldKey: String] = [
        FieldKey.Child.name: "Nama anak", FieldKey.Child.nik: "NIK anak", FieldKey.Child.sex: "Jenis kelamin",
        FieldKey.Child.born: "Tanggal lahir (dd/mm/yyyy)", FieldKey.Child.birthWeight: "BB lahir (kg)",
        FieldKey.Child.birthLength: "PB lahir (cm)", FieldKey.Child.mother: "Nama ibu", FieldKey.Child.motherNIK: "NIK ibu",
        FieldKey.Child.father: "Nama ayah", FieldKey.Child.address: "Alamat", FieldKey.Child.rt: "RT", FieldKey.Child.rw: "RW",
        FieldKey.Child.posyandu: "Posyandu", FieldKey.Child.phone: "No. HP orang tua", FieldKey.Child.familyCard: "No. KK",
        FieldKey.Child.kelurahan: "Kelurahan",
        FieldKey.GrowthCheck.measuredOn: "Tanggal penimbangan (dd/mm/yyyy)", FieldKey.GrowthCheck.weight: "BB (kg)",
        FieldKey.GrowthCheck.lengthHeight: "PB/TB (cm)", FieldKey.GrowthCheck.position: "Cara ukur",
        FieldKey.GrowthCheck.muac: "LiLA (cm)", FieldKey.GrowthCheck.head: "LK (cm)", FieldKey.GrowthCheck.oedema: "Edema",
        FieldKey.GrowthCheck.notes: "Catatan", FieldKey.GrowthCheck.vitaminA: "Vitamin A",
    ]

    /// The fields of a child the registration and correction forms show, in order.
    static let childForm: [FieldKey] = [
        FieldKey.Child.name, FieldKey.Child.nik, FieldKey.Child.sex, FieldKey.Child.born, FieldKey.Child.mother,
        FieldKey.Child.posyandu, FieldKey.Child.address, FieldKey.Child.rt, FieldKey.Child.rw,
        FieldKey.Child.birthWeight, FieldKey.Child.birthLength, FieldKey.Child.phone,
    ]
    /// The fields of a check the correction form shows, in order.
    static let checkForm: [FieldKey] = [
        FieldKey.GrowthCheck.measuredOn, FieldKey.GrowthCheck.weight, FieldKey.GrowthCheck.lengthHeight,
        FieldKey.GrowthCheck.position, FieldKey.GrowthCheck.muac, FieldKey.GrowthCheck.head, FieldKey.GrowthCheck.notes,
    ]

    /// A stored value as a person reads and types it: dates dd/mm/yyyy, decimal comma,
    /// Laki-laki/Perempuan, Terlentang/Berdiri.
    static func display(_ key: FieldKey, _ value: FieldValue?) -> String {
        guard let value else { return "" }
        if let d = value.date { return d.dayFirstDescription }
        if let t = value.text {
            switch (key, t) {
            case (FieldKey.Child.sex, "L"): return "Laki-laki"
            case (FieldKey.Child.sex, "P"): return "Perempuan"
            case (FieldKey.GrowthCheck.position, "lying"): return "Terlentang"
            case (FieldKey.GrowthCheck.position, "standing"): return "Berdiri"
            default: return t
            }
        }
        if let b = value.bool { return b ? "ya" : "tidak" }
        return value.formatted(as: key.spec.type).replacingOccurrences(of: ".", with: ",")
    }

    /// What a person typed, turned into what the schema reads: Laki-laki/Perempuan → L/P,
    /// Terlentang/Berdiri → lying/standing; anything else unchanged (dates and decimal commas
    /// are read by the schema itself).
    static func typed(_ key: FieldKey, _ text: String) -> String {
        switch (key, text.lowercased()) {
        case (FieldKey.Child.sex, "laki-laki"), (FieldKey.Child.sex, "laki laki"): return "L"
        case (FieldKey.Child.sex, "perempuan"): return "P"
        case (FieldKey.GrowthCheck.position, "terlentang"): return "lying"
        case (FieldKey.GrowthCheck.position, "berdiri"): return "standing"
        default: return text
        }
    }

    /// A number with `digits` decimals (one unless told) and a decimal comma ("8,4", "-1,25"),
    /// rounded half away from zero; "–" for none. Written with integer arithmetic rather than
    /// `String(format:)`, which goes through Foundation's formatter (several microseconds a
    /// number, on every result page). The app's decimals are fixed-point values (scale 1) and
    /// z-scores already rounded to 2 places, so the rounding never meets a binary tie; a value
    /// that rounds to zero prints without a minus sign.
    static func decimal(_ v: Double?, digits: Int = 1) -> String {
        guard let v else { return "–" }
        let places = min(max(digits, 0), 6)
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(v) * Double(scale)).rounded()
        // Beyond 2^53 a Double has no fraction to show; NaN and infinities are no numbers here.
        guard v.isFinite, scaled < 9_007_199_254_740_992 else { return v.isNaN ? "–" : (v < 0 ? "-∞" : "∞") }
        let n = Int64(scaled)
        var text = n == 0 || v > 0 ? "" : "-"
        text += String(n / scale)
        guard places > 0 else { return text }
        let fraction = String(n % scale)
        text += ","
        text += String(repeating: "0", count: places - fraction.count)
        text += fraction
        return text
    }
}
