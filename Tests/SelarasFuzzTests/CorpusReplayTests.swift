import Foundation
import SelarasFuzzTargets
import SelarasTestSupport
import Testing

/// Replays every input of the fuzz corpus (`Fixtures/fuzz/NAME/`) through its harness in the
/// ordinary test run, so CI re-checks what the fuzzers found without a sanitizer build: each
/// input must come back (accepted or refused) rather than trap.
@Suite struct CorpusReplayTests {
    @Test(arguments: FuzzTarget.allCases)
    func corpusReplaysWithoutATrap(_ target: FuzzTarget) throws {
        let root = try Fixtures.root(in: .module)
        let folder = root.appendingPathComponent("fuzz/\(target.rawValue)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count >= 3, "the \(target.rawValue) corpus holds \(names.count) inputs; seed it with `Scripts/fuzz \(target.rawValue)`")
        var accepted = 0
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            if target.run(bytes) { accepted += 1 }
        }
        // The seeds include valid inputs, so the fuzzer starts past the first checks.
        #expect(accepted > 0, "no input of the \(target.rawValue) corpus is accepted by its reader")
    }
}
