import Foundation
@testable import SelarasApp
import SelarasLog
import SelarasMerge
import SelarasModel
import Testing

/// The record's history (Koreksi / batalkan) comes from an index of each record's later events,
/// built once from the logs' headers and then kept with every save: no scan per page.
@Suite struct AppHistoryTests {
    /// The "Apa" and "Alasan" cells of the history table, in order.
    func history(_ body: String) throws -> [String] {
        let table = try #require(body.components(separatedBy: "id=\"riwayat-rekaman\"").last)
        return table.components(separatedBy: "<tr><td>").dropFirst().map { row in
            let cells = row.components(separatedBy: "</td><td>")
            return cells.count > 3 ? "\(cells[1])|\(cells[3])" : row
        }
    }

    @Test("events saved before the index exists and after it are both in the history, in order; other records' are not")
    func indexedHistory() async throws {
        try await withApp { app in
            let s = try await app.login()
            func child(_ name: String) async throws -> String {
                let a = try await app.post("/anak/baru", cookie: s.cookie, [("csrf", s.csrf), ("name", name), ("sex", "Perempuan"), ("born", "01/01/2024")])
                return String(try #require(a.header("Location")).dropFirst("/anak/".count).prefix { $0 != "?" })
            }
            let dewi = try await child("Dewi"), rina = try await child("Rina")
            func correct(_ id: String, _ name: String, _ reason: String) async throws {
                let a = try await app.post("/rekaman/\(id)/koreksi", cookie: s.cookie,
                                           [("csrf", s.csrf), ("name", name), ("sex", "Perempuan"), ("born", "01/01/2024"), ("alasan", reason)])
                #expect(a.status == 303, "\(a.body)")
            }
            try await correct(dewi, "Dewi Lestari", "nama lengkap")
            try await correct(rina, "Rina Wati", "nama rina")
            #expect(await app.app.laterDots == nil)  // no history page yet: no index
            let first = try await app.send("GET", "/rekaman/\(dewi)", [("Cookie", s.cookie)])
            #expect(try history(first.body) == ["Dibuat|", "Dikoreksi|nama lengkap"])
            #expect(await app.app.laterDots?.count == 2)  // built from the logs: both corrected records

            try await correct(dewi, "Dewi Lestari Putri", "nama dari akta")
            let v = try await app.post("/rekaman/\(dewi)/batal", cookie: s.cookie, [("csrf", s.csrf), ("alasan", "terdaftar dua kali")])
            #expect(v.status == 303)
            let after = try await app.send("GET", "/rekaman/\(dewi)", [("Cookie", s.cookie)])
            #expect(try history(after.body) == ["Dibuat|", "Dikoreksi|nama lengkap", "Dikoreksi|nama dari akta", "Dibatalkan|terdaftar dua kali"])
            let other = try await app.send("GET", "/rekaman/\(rina)", [("Cookie", s.cookie)])
            #expect(try history(other.body) == ["Dibuat|", "Dikoreksi|nama rina"])
            // Read at their dots: the create, then this laptop's later events in seq order.
            let dots = try await app.app.events(of: try #require(EntityID(dewi))).map(\.dot)
            #expect(dots.count == 4 && dots == dots.sorted() && dots.first == EntityID(dewi)?.origin)
        }
    }
}
