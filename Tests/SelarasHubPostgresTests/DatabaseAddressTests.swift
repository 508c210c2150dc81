import SelarasHubPostgres
import Testing

/// `--database` / `SELARAS_DATABASE`: what is accepted, what is refused, and that a password
/// is never printed.
@Suite struct DatabaseAddressTests {
    @Test("a TCP URL gives host, port (5432 unless given), user, password and database", arguments: [
        ("postgresql://hub:rahasia@db.kota.local:6543/selaras", DatabaseAddress.Endpoint.tcp(host: "db.kota.local", port: 6543), "hub", "rahasia", "selaras"),
        ("postgres://hub@10.0.0.5/selaras_bpn", .tcp(host: "10.0.0.5", port: 5432), "hub", nil, "selaras_bpn"),
        ("postgresql://hub@/selaras?host=/run/postgresql", .socket(path: "/run/postgresql/.s.PGSQL.5432"), "hub", nil, "selaras"),
        ("postgresql://hub@/selaras?host=/tmp/x&port=55432", .socket(path: "/tmp/x/.s.PGSQL.55432"), "hub", nil, "selaras"),
    ] as [(String, DatabaseAddress.Endpoint, String, String?, String)])
    func parses(text: String, endpoint: DatabaseAddress.Endpoint, user: String, password: String?, database: String) throws {
        let a = try DatabaseAddress(parsing: text)
        #expect(a.endpoint == endpoint)
        #expect(a.user == user)
        #expect(a.password == password)
        #expect(a.database == database)
    }

    @Test("a bad URL is refused in one sentence naming what is wrong, never repeating the password", arguments: [
        ("mysql://hub:rahasia@db/selaras", "does not start with postgresql://"),
        ("postgresql://db.local/selaras", "names no user"),
        ("postgresql://hub:rahasia@db.local/", "names no database"),
        ("postgresql://hub:rahasia@db.local:99999/selaras", "not a number from 1 to 65535"),
        ("postgresql://hub:rahasia@db.local/selaras?sslmode=require", "sslmode=require"),
        ("postgresql://hub:rahasia@db.local/selaras?application_name=x", "'application_name'"),
        ("postgresql://hub:rahasia@/selaras", "names no host"),
    ])
    func refuses(text: String, why: String) {
        do {
            _ = try DatabaseAddress(parsing: text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.code == .badAddress)
            #expect(error.message.contains(why), "\(error.message)")
            #expect(!error.message.contains("rahasia"), "the password leaked: \(error.message)")
            #expect(!error.message.contains("\n"))
        }
    }

    @Test("the address prints with *** for its password (logs, messages)")
    func redacted() throws {
        let a = try DatabaseAddress(parsing: "postgresql://hub:s%40ndi@db.local/selaras")
        #expect(a.password == "s@ndi")
        #expect(a.description == "postgresql://hub:***@db.local:5432/selaras")
        #expect(!"\(a)".contains("ndi"))
    }

    @Test("--database wins over SELARAS_DATABASE; neither gives nil")
    func environment() throws {
        let env = ["SELARAS_DATABASE": "postgresql://env@db/envdb"]
        #expect(try DatabaseAddress.given("postgresql://opt@db/optdb", environment: env)?.database == "optdb")
        #expect(try DatabaseAddress.given(nil, environment: env)?.database == "envdb")
        #expect(try DatabaseAddress.given(nil, environment: [:]) == nil)
    }
}
