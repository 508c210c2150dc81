/// The dashboard's labels: the page is in Indonesian; the English is for the docs and tests.
public enum DashboardLabel: String, Sendable, CaseIterable {
    case title, month, takenAt, replica, summary, children, growthChecks, houseSurveys, events, eventsWaiting
    case perKelurahan, kelurahan, kecamatan, laptops, lastSync, never, revoked, noHub, dataFrom
    case s, d, dOverS, stunting, stuntedOf, trend, noData
    case conflicts, noConflicts, record, field, values, shownValue, choose, otherValue, save
    case duplicates, noDuplicates, firstChild, secondChild, evidence, sameChild, differentChildren
    case born, mother, actions, offlineActions, downloads, format, about, officeTier, analystTier, download
    case otherDevices, roleCadre, roleOffice, roleAnalyst
    case kindChild, kindCheck, kindSurvey
    case sameNIK, sameNameBirthMother, sameNameBirthKelurahan
    case pickMonth, show, previousMonth, nextMonth, monthlyReport, monthlyReportAll, syncOverdue, neverSynced, laptopsOverdue
    case downloadsOnly, otherLaptop, allKelurahanNote, trendAxis
    case figuresAsOf, figuresVersion, figuresCurrent, figuresRefreshing

    /// The Indonesian label shown on the page, and its English equivalent.
    public var text: (indonesian: String, english: String) {
        switch self {
        case .title: ("Dasbor Selaras", "Selaras dashboard")
        case .month: ("Bulan", "Month")
        case .takenAt: ("Data per", "Data as of")
        case .figuresAsOf: ("Angka per", "Figures as of")
        case .figuresVersion: ("dihitung dari versi data", "computed from state version")
        case .figuresCurrent: ("terkini", "current")
        case .figuresRefreshing: ("sedang diperbarui; data hub kini versi", "being updated; the hub's data is now version")
        case .replica: ("Replika", "Replica")
        case .summary: ("Ringkasan", "Summary")
        case .children: ("Anak", "Children")
        case .growthChecks: ("Penimbangan/pengukuran", "Growth checks")
        case .houseSurveys: ("Survei RTLH", "RTLH house surveys")
        case .events: ("Peristiwa tersimpan", "Events stored")
        case .eventsWaiting: ("Peristiwa menunggu", "Events waiting")
        case .perKelurahan: ("Per kelurahan", "Per kelurahan")
        case .kelurahan: ("Kelurahan", "Kelurahan (urban village)")
        case .kecamatan: ("Kecamatan", "Kecamatan (district)")
        case .laptops: ("Laptop terdaftar dan sinkronisasi terakhir", "Enrolled laptops and their last sync")
        case .lastSync: ("sinkron terakhir", "last sync")
        case .never: ("belum pernah", "never")
        case .revoked: ("dicabut", "revoked")
        case .noHub: ("Tanpa hub: belum ada laptop terdaftar.", "No hub: no enrolled laptops.")
        case .dataFrom: ("Data diterima dari", "Data received from")
        case .s: ("S (sasaran balita)", "S (children under five registered)")
        case .d: ("D (ditimbang)", "D (weighed)")
        case .dOverS: ("D/S (partisipasi)", "D/S (participation)")
        case .stunting: ("Prevalensi stunting", "Stunting prevalence")
        case .stuntedOf: ("pendek dari diukur", "stunted of measured")
        case .trend: ("Tren 12 bulan", "12-month trend")
        case .noData: ("tidak ada data", "no data")
        case .conflicts: ("Konflik terbuka", "Open conflicts")
        case .noConflicts: ("Tidak ada konflik.", "No conflicts.")
        case .record: ("Catatan", "Record")
        case .field: ("Kolom", "Field")
        case .values: ("Nilai yang bertentangan", "Conflicting values")
        case .shownValue: ("ditampilkan", "shown")
        case .choose: ("Pilih", "Choose")
        case .otherValue: ("Nilai lain", "Another value")
        case .save: ("Simpan", "Save")
        case .duplicates: ("Kemungkinan anak terdaftar dua kali", "Possible duplicate children")
        case .noDuplicates: ("Tidak ada kemungkinan duplikat.", "No possible duplicates.")
        case .firstChild: ("Pendaftaran 1", "Registration 1")
        case .secondChild: ("Pendaftaran 2", "Registration 2")
        case .evidence: ("Bukti", "Evidence")
        case .sameChild: ("Anak yang sama", "Same child")
        case .differentChildren: ("Anak berbeda", "Different children")
        case .born: ("lahir", "born")
        case .mother: ("ibu", "mother")
        case .actions: ("Tindakan", "Action")
        case .offlineActions: ("Halaman ini dibuat tanpa hub: tombol tidak aktif; gunakan perintah yang tertulis.",
                               "This page was made without a hub: the buttons are inactive; use the commands shown.")
        case .downloads: ("Unduh data", "Downloads")
        case .format: ("Format", "Format")
        case .about: ("Keterangan", "Description")
        case .officeTier: ("Kantor (teridentifikasi)", "Office (identified)")
        case .analystTier: ("Analis (pseudonim)", "Analyst (pseudonymised)")
        case .download: ("Unduh", "Download")
        case .otherDevices: ("Perangkat kantor dan analis", "Office and analyst devices")
        case .roleCadre: ("kader", "cadre")
        case .roleOffice: ("kantor", "office")
        case .roleAnalyst: ("analis", "analyst")
        case .kindChild: ("anak", "child")
        case .kindCheck: ("penimbangan", "growth check")
        case .kindSurvey: ("survei rumah", "house survey")
        case .sameNIK: ("NIK sama", "same NIK")
        case .sameNameBirthMother: ("nama, tanggal lahir dan ibu sama", "same name, birth date and mother")
        case .sameNameBirthKelurahan: ("nama, tanggal lahir dan kelurahan sama", "same name, birth date and kelurahan")
        case .pickMonth: ("Pilih bulan", "Pick a month")
        case .show: ("Tampilkan", "Show")
        case .previousMonth: ("Bulan sebelumnya", "Previous month")
        case .nextMonth: ("Bulan berikutnya", "Next month")
        case .monthlyReport: ("Laporan bulanan", "Monthly report")
        case .monthlyReportAll: ("Laporan bulanan semua posyandu", "Monthly report, every posyandu")
        case .syncOverdue: ("tidak sinkron ≥ 7 hari", "not synced for 7 days or more")
        case .neverSynced: ("belum pernah sinkron", "never synced")
        case .laptopsOverdue: ("Laptop kader tidak sinkron ≥ 7 hari", "Cadre laptops not synced for 7 days or more")
        case .downloadsOnly: ("hanya mengunduh ekspor", "downloads exports only")
        case .otherLaptop: ("laptop yang tidak terdaftar di hub ini", "a laptop not enrolled at this hub")
        case .allKelurahanNote: ("Semua 34 kelurahan Balikpapan, per kecamatan; angka 0 atau – berarti belum ada data bulan ini. Waktu dalam WITA.",
                                 "All 34 kelurahan of Balikpapan, by kecamatan; 0 or – means no data for the month. Times in WITA.")
        case .trendAxis: ("sumbu tegak: prevalensi stunting (%); sumbu datar: bulan", "vertical axis: stunting prevalence (%); horizontal axis: month")
        }
    }

    /// The Indonesian for a duplicate's evidence as SelarasMerge words it in English (`same NIK`,
    /// `same name, birth date and mother`, …); evidence it does not know is shown as it is.
    public static func evidence(_ english: String) -> String {
        [DashboardLabel.sameNIK, .sameNameBirthMother, .sameNameBirthKelurahan].first { $0.text.english == english }?.id ?? english
    }

    /// The Indonesian description of a built-in export format (keyed by format name); a format
    /// added later is described by its exporter's own (English) summary.
    /// - Parameters:
    ///   - format: the format's name (`csv.gz`).
    ///   - summary: the exporter's summary, used when the format is not a built-in one.
    public static func formatDescription(_ format: String, summary: String) -> String {
        switch format {
        case "csv.gz": "satu file CSV terkompresi gzip per tabel (RFC 4180, UTF-8): untuk pandas, R, DuckDB, Excel"
        case "jsonl.gz": "satu file JSON Lines terkompresi gzip per tabel: untuk pandas, DuckDB, jq"
        case "zip": "paket data Frictionless: tabel CSV, datapackage.json, buku kode, SHA256SUMS (frictionless, R, pandas)"
        case "xlsx": "satu buku kerja Excel untuk kantor: satu lembar per tabel dan buku kode, NIK sebagai teks, tanggal sebagai tanggal"
        case "parquet": "satu file Apache Parquet per tabel (kolom bertipe, GZIP): untuk pandas, DuckDB, R (arrow), Spark"
        case "eppgbm": "buku kerja kantor dalam tata letak e-PPGBM: Pengukuran, SKDN per posyandu × bulan, Rekap per kelurahan × bulan"
        default: summary
        }
    }

    /// The Indonesian label.
    public var id: String { text.indonesian }

    /// Indonesian three-letter month names (chart axes), January first.
    public static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]

    /// Indonesian month names, January first.
    public static let monthNames = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                                    "September", "Oktober", "November", "Desember"]
}
