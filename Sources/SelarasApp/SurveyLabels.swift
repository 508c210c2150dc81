import SelarasModel

/// The RTLH survey's labels and choices in Indonesian (the words on the Dinas Perkim form);
/// each choice's value is the schema's stored value.
enum SurveyLabels {
    typealias H = FieldKey.HouseSurvey

    static let labels: [FieldKey: String] = [
        H.headName: "Nama kepala keluarga", H.headNIK: "NIK kepala keluarga", H.address: "Alamat", H.rt: "RT", H.rw: "RW",
        H.occupants: "Jumlah penghuni (orang)", H.floorArea: "Luas lantai (m²)", H.income: "Penghasilan per bulan (Rp)",
        H.landOwnership: "Status tanah", H.houseOwnership: "Status rumah", H.roofMaterial: "Atap", H.roofDamaged: "Atap rusak/bocor",
        H.wallMaterial: "Dinding", H.floorMaterial: "Lantai", H.structure: "Pondasi, kolom dan balok", H.electricity: "Penerangan",
        H.ventilation: "Ventilasi cukup", H.toilet: "Jamban", H.waterSource: "Sumber air minum",
        H.surveyedOn: "Tanggal survei (dd/mm/yyyy)", H.notes: "Catatan",
    ]

    static let choiceTexts: [FieldKey: [(value: String, text: String)]] = [
        H.landOwnership: [("own", "Milik sendiri"), ("rent", "Sewa"), ("family", "Milik keluarga"), ("government", "Tanah negara"), ("disputed", "Sengketa")],
        H.houseOwnership: [("own", "Milik sendiri"), ("rent", "Sewa/kontrak"), ("family", "Milik keluarga"), ("other", "Lainnya")],
        H.roofMaterial: [("tile", "Genteng"), ("metal", "Seng"), ("asbestos", "Asbes"), ("concrete", "Beton"), ("leaf", "Daun/rumbia"), ("other", "Lainnya")],
        H.wallMaterial: [("brick", "Tembok bata"), ("wood", "Kayu"), ("board", "Papan"), ("bamboo", "Bambu"), ("other", "Lainnya")],
        H.floorMaterial: [("ceramic", "Keramik"), ("cement", "Semen/plester"), ("wood", "Kayu/papan"), ("earth", "Tanah"), ("other", "Lainnya")],
        H.structure: [("sound", "Baik"), ("damaged", "Rusak"), ("none", "Tidak ada")],
        H.electricity: [("pln", "PLN"), ("other", "Lainnya (genset, tenaga surya)"), ("none", "Tidak ada")],
        H.toilet: [("private-septic", "Jamban sendiri dengan septik tank"), ("private-no-septic", "Jamban sendiri tanpa septik tank"),
                   ("shared", "Jamban bersama/umum"), ("none", "Tidak ada")],
        H.waterSource: [("piped", "Ledeng/PDAM"), ("protected-well", "Sumur terlindung"), ("unprotected-well", "Sumur tidak terlindung"),
                        ("river", "Sungai"), ("rain", "Air hujan"), ("bottled", "Air kemasan/isi ulang"), ("other", "Lainnya")],
        H.roofDamaged: [("ya", "Ya"), ("tidak", "Tidak")],
        H.ventilation: [("ya", "Ya"), ("tidak", "Tidak")],
    ]

    /// The Indonesian label of a survey field.
    static func label(_ key: FieldKey) -> String { labels[key] ?? key.name }

    /// The choices of a field (value and Indonesian text), or nil for a typed field.
    static func choices(_ key: FieldKey) -> [(value: String, text: String)]? { choiceTexts[key] }
}
