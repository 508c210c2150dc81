import Foundation
import Testing

/// Finding 10 of issue 11: a laptop records and enrols only for the kelurahan it can send,
/// and `sync` fails loudly when some of its records cannot be sent. A real hub on loopback.
@Suite("CLI: a cadre laptop and its kelurahan")
struct HubKelurahanTests {
    /// A one-time cadre code for `kelurahan`, made while the hub runs.
    func cadreCode(_ cli: CLI, hub: String, _ kelurahan: String) throws -> String {
        let made = try cli.ok(["hub", "enrol", "--store", hub, "--role", "cadre", "--kelurahan", kelurahan])
        return try #require(made.stdoutLines.first?.split(separator: " ").last.map(String.init))
    }

    @Test("a Manggar store with a Sepinggan Baru cadre code is refused in one sentence, nothing saved; the code still works for its kelurahan")
    func enrolmentRefusesOtherKelurahan() throws {
        let cli = try CLI()
        let hub = cli.path("hub")
        let serve = try HubCLITests.ServeProcess(cli: cli, store: hub)
        defer { _ = serve.stop() }
        let manggar = cli.path("manggar"), sepinggan = cli.path("sepinggan")
        try cli.ok(["init", "--store", manggar, "--kelurahan", "Manggar"])
        try cli.ok(["init", "--store", sepinggan, "--kelurahan", "Sepinggan Baru"])
        let code = try cadreCode(cli, hub: hub, "Sepinggan Baru")

        let r = try cli.run(["enrol", "--store", manggar, "--hub", serve.url, "--code", code])
        #expect(r.status == 1, "\(r)")
        #expect(r.stderrLines.count == 1, "\(r)")
        #expect(r.stderr.hasPrefix("selaras: ") && r.stderr.contains("Sepinggan Baru") && r.stderr.contains("Manggar"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: manggar + "/hub-link"), "nothing may be saved on the laptop")
        let devices = try cli.ok(["hub", "devices", "--store", hub, "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(devices.stdout.utf8)) as? [Any])?.isEmpty == true, "\(devices)")

        try cli.ok(["enrol", "--store", sepinggan, "--hub", serve.url, "--code", code])
    }

    @Test("an enrolled cadre laptop refuses a record for another kelurahan, and sync fails naming what cannot be sent")
    func cadreLaptopStaysInItsKelurahan() throws {
        let cli = try CLI()
        let hub = cli.path("hub")
        let serve = try HubCLITests.ServeProcess(cli: cli, store: hub)
        defer { _ = serve.stop() }
        let lap = cli.path("lap1")
        try cli.ok(["init", "--store", lap, "--kelurahan", "Manggar"])
        // Recorded before enrolling: a Lamaru child on a laptop that will be a Manggar cadre's.
        try cli.ok(["child", "add", "--store", lap, "--name", "Anak Lamaru", "--sex", "P", "--born", "2024-03-02",
                    "--kelurahan", "Lamaru"])
        try cli.ok(["child", "add", "--store", lap, "--name", "Anak Manggar", "--sex", "L", "--born", "2024-03-02"])
        try cli.ok(["enrol", "--store", lap, "--hub", serve.url, "--code", try cadreCode(cli, hub: hub, "Manggar")])

        let refused = try cli.run(["child", "add", "--store", lap, "--name", "Anak Lain", "--sex", "P", "--born", "2024-03-02",
                                   "--kelurahan", "Lamaru"])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.hasPrefix("selaras: kelurahan: this laptop is enrolled as a cadre for Manggar"), "\(refused)")
        #expect(try cli.eventCount(lap) == 2)

        let synced = try cli.run(["sync", "--store", lap])
        #expect(synced.status == 1, "\(synced)")
        #expect(synced.stdout.contains("Manggar seq 1…1 of 1 (all)"), "\(synced)")
        let why = try #require(synced.stderrLines.last, "\(synced)")
        #expect(why.hasPrefix("selaras: 1 event of this laptop (Lamaru seq 1…1) cannot be sent"), "\(synced)")
    }
}
