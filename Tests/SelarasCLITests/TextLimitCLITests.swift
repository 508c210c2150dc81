import Foundation
import Testing

@Suite("CLI: text limits in characters and bytes")
struct TextLimitCLITests {
    /// 120 characters, each a letter with 40 combining accents: 9,720 bytes.
    static let flood = String(repeating: "a" + String(repeating: "\u{301}", count: 40), count: 120)
    /// The largest legal name: 120 characters of 4 bytes each (480 bytes).
    static let largestName = String(repeating: "\u{1D11E}", count: 120)

    @Test("child add --name with a 120-character, 9,720-byte name exits 2 with one sentence; the store still verifies")
    func childAddFlood() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        let r = try cli.run(["child", "add", "--store", store, "--name", Self.flood, "--sex", "P", "--born", "2024-03-02"])
        #expect(r.status == 2, "\(r)")
        #expect(r.stderr.contains("name: ") && r.stderr.contains("120 characters and 9720 bytes; allowed: at most 120 characters and 480 bytes"), "\(r)")
        #expect(try cli.eventCount(store) == 0)
        try cli.ok(["verify", "--store", store])
    }

    @Test("a CSV row with the flood is refused, and one with the largest legal name imports and reads back identical")
    func csvImport() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        let bad = cli.path("bad.csv")
        try Data("name,sex,born\n\(Self.flood),P,2024-03-02\n".utf8).write(to: URL(fileURLWithPath: bad))
        let refused = try cli.run(["import", "--store", store, bad, "--kind", "children"])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("at most 120 characters and 480 bytes"), "\(refused)")
        #expect(try cli.eventCount(store) == 0)

        let good = cli.path("good.csv")
        try Data("name,sex,born\n\(Self.largestName),P,2024-03-02\n".utf8).write(to: URL(fileURLWithPath: good))
        try cli.ok(["import", "--store", store, good, "--kind", "children"])
        let names = try cli.log(store).compactMap { ($0["fields"] as? [String: String])?["name"] }
        #expect(names == [Self.largestName])
        try cli.ok(["verify", "--store", store])
    }

    @Test("init --label over 1,000 bytes exits 2, creates nothing, and a later init works")
    func initLongLabel() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        let r = try cli.run(["init", "--store", store, "--kelurahan", "Manggar", "--label", String(repeating: "L", count: 1_001)])
        #expect(r.status == 2, "\(r)")
        #expect(r.stderr.contains("--label: ") && r.stderr.contains("nothing was created"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: store))
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar", "--label", "Posyandu Melati laptop 1"])
        try cli.ok(["status", "--store", store])
    }
}
