import Foundation
import SelarasTestSupport
import Testing

/// `selaras hub migrate`: the command on a real throwaway PostgreSQL cluster.
@Suite("CLI: hub migrate", .enabled(if: PostgresCluster.findBinaries() != nil, Comment(rawValue: PostgresCluster.skipReason)))
struct HubMigrateCLITests {
    @Test("migrate applies the schema once, then says there is nothing to apply; SELARAS_DATABASE works the same")
    func migrateTwice() throws {
        let cli = try CLI()
        let cluster = try #require(try PostgresCluster.shared())
        let url = cluster.url(database: try cluster.createDatabase())
        let first = try cli.ok(["hub", "migrate", "--database", url])
        #expect(first.stdout.contains("applied migrations 1, 2"), "\(first)")
        let again = try cli.ok(["hub", "migrate"], environment: ["SELARAS_DATABASE": url])
        #expect(again.stdout.contains("nothing to apply"), "\(again)")
    }

    @Test("a bad or unreachable address fails in one sentence that never shows the password")
    func refusals() throws {
        let cli = try CLI()
        let cluster = try #require(try PostgresCluster.shared())
        for url in ["mysql://hub:rahasia@db/selaras",
                    "postgresql://selaras:rahasia@/postgres?host=\(cluster.socketDirectory)&port=1"] {
            let r = try cli.run(["hub", "migrate", "--database", url])
            #expect(r.status == 1, "\(r)")
            #expect(r.stderrLines.count == 1 && r.stderr.hasPrefix("selaras: "), "\(r)")
            #expect(!r.stderr.contains("rahasia") && !r.stdout.contains("rahasia"), "\(r)")
        }
        let none = try cli.run(["hub", "migrate"], environment: ["SELARAS_DATABASE": ""])
        #expect(none.status == 1 && none.stderr.contains("SELARAS_DATABASE"), "\(none)")
    }
}
