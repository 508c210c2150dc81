#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// Finding 13 of issue 11 (the CLI half): every failure is one `selaras:` sentence with the
/// documented exit code, and spreadsheet quirks are read as a person means them.
@Suite("CLI: error messages and CSV quirks")
struct ErrorMessageTests {
    /// Requires a one-line `selaras: …` refusal with `status`, and no raw `Error:`.
    func expectOneSentence(_ r: CLI.Result, status: Int32, containing: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status, "\(r)", sourceLocation: sourceLocation)
        #expect(r.stderrLines.count == 1, "\(r)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("selaras: ") && !r.stderr.contains("Error:"), "\(r)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(containing), "\(r)", sourceLocation: sourceLocation)
    }

    @Test("export into a path that is a file: one sentence, exit 1 (an ExportError, mapped)")
    func exportIntoAFile() throws {
        let cli = try CLI()
        let (store, _) = try cli.storeWithChild()
        let file = cli.path("afile")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let r = try cli.run(["export", "--store", store, "--format", "csv.gz", "--tier", "office", "--out", file])
        expectOneSentence(r, status: 1, containing: "cannot create \(file)")
    }

    @Test("hub serve on a port in use: one sentence, exit 1, and no hub store created")
    func hubServeBusyPort() throws {
        let cli = try CLI()
        let first = try HubCLITests.ServeProcess(cli: cli, store: cli.path("hub1"))
        defer { _ = first.stop() }
        let port = try #require(first.url.split(separator: ":").last.map(String.init))
        let second = cli.path("hub2")
        let r = try cli.run(["hub", "serve", "--store", second, "--port", port])
        expectOneSentence(r, status: 1, containing: "already in use")
        #expect(!FileManager.default.fileExists(atPath: second), "the store must not be created before the port is known to work")
    }

    /// A children file written the way spreadsheets write them.
    func importChildren(_ cli: CLI, _ text: String) throws -> (CLI.Result, String) {
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar"])
        let file = cli.path("children.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return (try cli.run(["import", "--store", store, file, "--kind", "children"]), store)
    }

    @Test("a blank line before a ';' header, Excel's trailing empty columns, and rows of only ';;;' import as meant")
    func spreadsheetQuirks() throws {
        let cli = try CLI()
        let (r, store) = try importChildren(cli, "\r\n\r\nname;sex;born;;;\r\nSiti Aminah;P;2024-03-02;;;\r\n;;;;;\r\nBudi Santoso;L;2023-11-20;;;\r\n;;;;;\r\n")
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.hasPrefix("imported 2 children"), "\(r)")
        #expect(try cli.active("child", in: store) == 2)
    }

    @Test("a row with a value beyond the header's columns is still refused, naming its line")
    func extraValueRefused() throws {
        let cli = try CLI()
        let (r, store) = try importChildren(cli, "\nname,sex,born,,\nSiti Aminah,P,2024-03-02,,oops\n")
        #expect(r.status == 2, "\(r)")
        #expect(r.stderr.contains("children.csv:3: has 5 fields but the header has 3"), "\(r)")
        #expect(try cli.active("child", in: store) == 0)
    }
}
