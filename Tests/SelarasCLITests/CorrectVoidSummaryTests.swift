import Foundation
import SelarasTestSupport
import Testing

/// `correct` and `void` of a check or a survey (and a child's correction that keeps its birth
/// date) read the records they judge through the store's summary instead of folding the
/// store. Whatever state the summary file is in, the answers must be those of a full fold.
@Suite("CLI: correct and void through the store's summary")
struct CorrectVoidSummaryTests {
    /// What is done to `STORE/summary` before the commands run.
    enum Damage: String, CaseIterable, Sendable {
        case kept, missing, torn, flipped, foreign
    }

    func damage(_ d: Damage, _ store: String, cli: CLI) throws {
        let file = store + "/summary"
        switch d {
        case .kept: return
        case .missing: try FileManager.default.removeItem(atPath: file)
        case .torn, .flipped:
            var bytes = [UInt8](try #require(FileManager.default.contents(atPath: file)))
            if d == .torn { bytes = Array(bytes.prefix(bytes.count / 2)) } else { bytes[bytes.count / 2] ^= 0x10 }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        case .foreign:
            let other = cli.path("lain")
            try cli.ok(["init", "--store", other, "--kelurahan", "Manggar"])
            try cli.ok(["survey", "add", "--store", other, "--head-name", "Budi", "--occupants", "5", "--floor-area", "24",
                        "--date", "2025-02-03"])
            try cli.ok(["status", "--store", other])
            try FileManager.default.removeItem(atPath: file)
            try FileManager.default.copyItem(atPath: other + "/summary", toPath: file)
        }
    }

    @Test("corrections and voids answer as a full fold would, whatever the summary file holds", arguments: Damage.allCases)
    func sameAnswers(_ d: Damage) throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        let check = try cli.ok(["check", "add", "--store", store, "--child", child, "--date", "15/01/2025", "--weight", "8.4"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.ok(["status", "--store", store])
        try damage(d, store, cli: cli)
        // A check moved before the child's birth (2024-03-02) is refused, naming the birth date.
        let early = try cli.run(["correct", "--store", store, check, "--date", "01/02/2024", "--reason", "salah tanggal"])
        #expect(early.status == 2 && early.stderr.contains("2024-03-02"), "\(early)")
        let corrected = try cli.ok(["correct", "--store", store, check, "--weight", "8,6", "--reason", "salah ketik"])
        #expect(corrected.stdout.hasPrefix("corrected \(check)"))
        try cli.ok(["correct", "--store", store, child, "--name", "Siti Aminah Putri", "--reason", "ejaan"])
        try cli.ok(["void", "--store", store, check, "--reason", "dobel"])
        let again = try cli.run(["void", "--store", store, check, "--reason", "dobel"])
        #expect(again.status == 2 && again.stderr.contains("already voided"), "\(again)")
        let missing = try cli.run(["correct", "--store", store, "gc-00000000000000aa-26-9", "--weight", "8.0", "--reason", "x"])
        #expect(missing.status == 1, "\(missing)")
        let weights = try cli.log(store).compactMap { e -> String? in
            guard e["entity"] as? String == check, e["operation"] as? String == "correct" else { return nil }
            return (e["fields"] as? [String: String])?["weight_kg"]
        }
        #expect(weights == ["8.6"])
        let viaSummary = try SummaryCLITests.figures(cli, store)
        #expect(viaSummary == "child 1/0, check 0/1, survey 0/0, hidden 0, events 5")
        #expect(viaSummary == (try SummaryCLITests.foldedFigures(cli, store)))
    }

    @Test("a child with checks is still refused a plain void (the rule reads every check of the child)")
    func childVoid() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        try cli.ok(["check", "add", "--store", store, "--child", child, "--date", "15/01/2025", "--weight", "8.4"])
        try cli.ok(["status", "--store", store])
        let refused = try cli.run(["void", "--store", store, child, "--reason", "dobel"])
        #expect(refused.status == 2 && refused.stderr.contains("--with-checks"), "\(refused)")
        // A birth date after the child's check is refused through the same full view.
        let born = try cli.run(["correct", "--store", store, child, "--born", "01/02/2025", "--reason", "akta"])
        #expect(born.status == 2 && born.stderr.contains("earliest growth check"), "\(born)")
        try cli.ok(["void", "--store", store, child, "--with-checks", "--reason", "dobel"])
        #expect(try SummaryCLITests.figures(cli, store) == (try SummaryCLITests.foldedFigures(cli, store)))
    }
}
