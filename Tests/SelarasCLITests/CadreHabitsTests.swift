import Foundation
import Testing

/// The CLI meets the cadre's habits: dd/mm/yyyy dates, Indonesian words for choices,
/// Laki-laki/Perempuan, and `child find` / `child list`.
@Suite("CLI: the cadre's habits")
struct CadreHabitsTests {
    @Test("dd/mm/yyyy dates, Laki-laki/Perempuan and Indonesian RTLH words are read like their ISO and English forms")
    func dayFirstAndIndonesian() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        let id = try cli.ok(["child", "add", "--store", store, "--name", "Siti Aminah", "--sex", "Perempuan", "--born", "02/03/2024",
                             "--mother", "Rahmawati", "--posyandu", "Melati 3"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.ok(["check", "add", "--store", store, "--child", id, "--date", "15-01-2025", "--weight", "8,4",
                    "--length", "71,0", "--position", "terlentang"])
        try cli.ok(["survey", "add", "--store", store, "--head-name", "Budi Santoso", "--occupants", "5", "--floor-area", "24",
                    "--floor", "tanah", "--walls", "bambu", "--roof", "genteng", "--toilet", "tidak-ada", "--water", "sumur-tidak-terlindung",
                    "--date", "03/02/2025"])
        let log = try cli.ok(["log", "--store", store, "--json"]).stdoutLines.compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let fields = log.compactMap { $0["fields"] as? [String: String] }
        #expect(fields.count == 3)
        #expect(fields[0]["born"] == "2024-03-02" && fields[0]["sex"] == "P")
        #expect(fields[1]["measured_on"] == "2025-01-15" && fields[1]["weight_kg"] == "8.4" && fields[1]["position"] == "lying")
        #expect(fields[2]["floor_material"] == "earth" && fields[2]["wall_material"] == "bamboo" && fields[2]["roof_material"] == "tile")
        #expect(fields[2]["toilet"] == "none" && fields[2]["water_source"] == "unprotected-well" && fields[2]["surveyed_on"] == "2025-02-03")
        let bad = try cli.run(["child", "add", "--store", store, "--name", "X", "--sex", "P", "--born", "31/02/2024"])
        #expect(bad.status == 2 && bad.stderr.contains("born") && bad.stderr.contains("31/02/2024"), "\(bad)")
    }

    @Test("child find by partial name, misspelling, mother and NIK; child list by name")
    func findAndList() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        let siti = try cli.ok(["child", "add", "--store", store, "--name", "Siti Aminah", "--sex", "P", "--born", "02/03/2024",
                               "--mother", "Rahmawati", "--nik", "6471054203240001"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let budi = try cli.ok(["child", "add", "--store", store, "--name", "Budi Santoso", "--sex", "L", "--born", "01/01/2023",
                               "--mother", "Sri Wahyuni"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for q in ["siti amin", "SITI", "Aminnah", "rahmawati", "6471054203240001", "54203"] {
            let r = try cli.ok(["child", "find", "--store", store, q])
            #expect(r.stdoutLines.count == 1 && r.stdout.hasPrefix(siti), "\(q): \(r)")
            #expect(r.stdout.contains("02/03/2024") && r.stdout.contains("Perempuan"))
        }
        let none = try cli.run(["child", "find", "--store", store, "zzzz"])
        #expect(none.status == 1 && none.stderr.contains("no child matches"))
        let list = try cli.ok(["child", "list", "--store", store])
        #expect(list.stdoutLines.map { String($0.prefix { $0 != " " }) } == [budi, siti])
    }
}
