import Foundation
import Testing

@Suite("CLI: corrections and voids")
struct CorrectionTests {
    @Test("correct, then log --json shows the correction with its fields, reason and author")
    func correctShowsInLog() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        let r = try cli.ok(["correct", "--store", store, child, "--name", "Siti Aminah Putri", "--reason", "spelling",
                            "--author", "Bu Ani"])
        #expect(r.stdout.hasPrefix("corrected \(child)"), "\(r)")

        let log = try cli.log(store)
        #expect(log.count == 2)
        let last = try #require(log.last)
        #expect(last["operation"] as? String == "correct")
        #expect(last["entity"] as? String == child)
        #expect(last["reason"] as? String == "spelling")
        #expect(last["author"] as? String == "Bu Ani")
        #expect(last["fields"] as? [String: String] == ["name": "Siti Aminah Putri"])
        #expect(last["seq"] as? Int == 2)
        // The correction names what its author had seen of the child: the create event.
        #expect((last["context"] as? [String])?.count == 1)
        #expect(log.first?["previous_hash"] as? String != last["previous_hash"] as? String)

        let text = try cli.ok(["log", "--store", store])
        #expect(text.stdoutLines.count == 2)
        #expect(text.stdoutLines.last?.contains("reason=\"spelling\"") == true, "\(text)")
        #expect(text.stdoutLines.last?.contains("by Bu Ani") == true, "\(text)")
    }

    @Test("the author comes from --author, else $SELARAS_AUTHOR, else the store's label")
    func authorDefaults() throws {
        let cli = try CLI()
        let store = cli.path("lap1")
        try cli.ok(["init", "--store", store, "--kelurahan", "Manggar", "--label", "Melati 3 laptop"])
        try cli.ok(["child", "add", "--store", store, "--name", "A", "--sex", "L", "--born", "2024-01-01"])
        try cli.ok(["child", "add", "--store", store, "--name", "B", "--sex", "L", "--born", "2024-01-01"],
                   environment: ["SELARAS_AUTHOR": "Bu Sri"])
        try cli.ok(["child", "add", "--store", store, "--name", "C", "--sex", "L", "--born", "2024-01-01", "--author", "Pak Joko"],
                   environment: ["SELARAS_AUTHOR": "Bu Sri"])
        #expect(try cli.log(store).map { $0["author"] as? String } == ["Melati 3 laptop", "Bu Sri", "Pak Joko"])
    }

    @Test("a correction that would make the record impossible is refused whole (exit 2, nothing written)")
    func impossibleCorrection() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        let check = try cli.ok(["check", "add", "--store", store, "--child", child, "--date", "2025-01-15", "--weight", "8.4"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for bad in [["--weight", "0"], ["--date", "2023-01-01"], ["--date", "2099-01-01"]] {
            let r = try cli.run(["correct", "--store", store, check] + bad)
            #expect(r.status == 2, "\(r)")
            #expect(r.stderr.hasPrefix("selaras: "))
        }
        let none = try cli.run(["correct", "--store", store, check, "--reason", "nothing"])
        #expect(none.status == 2, "\(none)")
        #expect(none.stderr.contains("nothing to correct"))
        #expect(try cli.eventCount(store) == 2)
    }

    @Test("void requires --reason, then withdraws the record (status counts it as voided)")
    func voidNeedsReason() throws {
        let cli = try CLI()
        let (store, child) = try cli.storeWithChild()
        let check = try cli.ok(["check", "add", "--store", store, "--child", child, "--date", "2025-01-15", "--weight", "8.4"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let missing = try cli.run(["void", "--store", store, check])
        #expect(missing.status == 2, "\(missing)")
        #expect(missing.stderr.contains("--reason"), "\(missing)")
        let blank = try cli.run(["void", "--store", store, check, "--reason", "  "])
        #expect(blank.status == 2, "\(blank)")
        #expect(blank.stderr.contains("--reason"), "\(blank)")
        #expect(try cli.eventCount(store) == 2)

        let r = try cli.ok(["void", "--store", store, check, "--reason", "entered twice", "--author", "Bu Ani"])
        #expect(r.stdout.hasPrefix("voided \(check)"))
        let last = try #require(try cli.log(store).last)
        #expect(last["operation"] as? String == "void")
        #expect(last["reason"] as? String == "entered twice")
        #expect(last["author"] as? String == "Bu Ani")
        let records = try #require(try cli.status(store)["records"] as? [String: [String: Int]])
        #expect(records["check"] == ["active": 0, "voided": 1])
        #expect(try cli.ok(["status", "--store", store]).stdout.contains("voided"))

        let again = try cli.run(["void", "--store", store, check, "--reason", "again"])
        #expect(again.status == 2, "\(again)")
        #expect(again.stderr.contains("already voided"))
        let corrected = try cli.run(["correct", "--store", store, check, "--weight", "8.5", "--reason", "typo"])
        #expect(corrected.status == 2, "\(corrected)")
        #expect(corrected.stderr.contains("is voided"), "\(corrected)")
        #expect(try cli.eventCount(store) == 3)
    }

    @Test("correcting or voiding an unknown id exits 1; a malformed id exits 2",
          arguments: [["correct", "ch-0123456789abcdef-26-9", "--name", "X"],
                      ["void", "gc-0123456789abcdef-26-9", "--reason", "gone"]])
    func unknownID(_ args: [String]) throws {
        let cli = try CLI()
        let (store, _) = try cli.storeWithChild()
        let r = try cli.run([args[0], "--store", store] + args.dropFirst())
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.hasPrefix("selaras: "))
        #expect(r.stderr.contains(args[1]))
        let malformed = try cli.run([args[0], "--store", store, "not-an-id"] + args.dropFirst(2))
        #expect(malformed.status == 2, "\(malformed)")
        #expect(malformed.stderr.contains("not-an-id"))
        #expect(try cli.eventCount(store) == 1)
    }
}
