@testable import SelarasApp
import Testing

@Suite struct ChildSearchIndexTests {
    @Test("folding drops case, accents and punctuation") func fold() {
        #expect(ChildSearchIndex.fold("  Siti  AMINAH-Putri ") == "siti aminah putri")
        #expect(ChildSearchIndex.fold("Désy") == "desy")
    }

    @Test("near words: one slip in 4–6 letters, two from 7", arguments: [
        ("aminah", "aminnah", true), ("amina", "aminah", true), ("budi", "bude", true), ("siti", "sari", false),
        ("rahmawati", "rahmawatty", true), ("abc", "abd", false), ("santoso", "santosa", true), ("wahyu", "wahyuni", true),
    ])
    func near(_ q: String, _ w: String, _ expected: Bool) {
        #expect(ChildSearchIndex.near(q, w) == expected)
    }

    @Test("edit distance", arguments: [("kitten", "sitting", 3), ("", "abc", 3), ("abc", "abc", 0), ("abc", "", 3)])
    func distance(_ a: String, _ b: String, _ d: Int) {
        #expect(ChildSearchIndex.editDistance(Array(a), Array(b), cap: 5) == d)
    }
}
