import Foundation
import PostgresNIO

/// Where the hub's PostgreSQL database is: a `postgresql://` (or `postgres://`) URL as libpq
/// reads it, given by `--database` or `SELARAS_DATABASE`.
///
/// - `postgresql://USER:PASSWORD@HOST:PORT/DATABASE` connects over TCP (port 5432 unless given);
/// - `postgresql://USER@/DATABASE?host=/run/postgresql&port=5432` connects to the Unix socket
///   `/run/postgresql/.s.PGSQL.5432` (a `host` query value starting with `/` is a socket directory).
///
/// The password never appears in ``description`` (logs and messages print `***`).
public struct DatabaseAddress: Sendable, Equatable, CustomStringConvertible {
    /// How the server is reached.
    public enum Endpoint: Sendable, Equatable {
        /// TCP to a host and port.
        case tcp(host: String, port: Int)
        /// A Unix socket file.
        case socket(path: String)
    }

    /// How the server is reached.
    public let endpoint: Endpoint
    /// The role to log in as.
    public let user: String
    /// The role's password, if any (never printed).
    public let password: String?
    /// The database's name.
    public let database: String

    /// The environment variable read when `--database` is not given.
    public static let environmentVariable = "SELARAS_DATABASE"

    /// Creates an address from its parts.
    public init(endpoint: Endpoint, user: String, password: String?, database: String) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.database = database
    }

    /// Reads a `postgresql://` URL.
    /// - Throws: ``DatabaseError`` `.badAddress` naming what is wrong (the password is never repeated).
    public init(parsing text: String) throws(DatabaseError) {
        func bad(_ why: String) -> DatabaseError {
            DatabaseError(.badAddress, "the database address \(Self.redacted(text)) \(why); expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE or postgresql://USER@/DATABASE?host=/SOCKET/DIRECTORY")
        }
        guard let url = URLComponents(string: text) else { throw bad("is not a URL") }
        guard let scheme = url.scheme?.lowercased(), scheme == "postgresql" || scheme == "postgres" else {
            throw bad("does not start with postgresql://")
        }
        guard let user = url.user, !user.isEmpty else { throw bad("names no user (USER@…)") }
        let name = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        guard !name.isEmpty, !name.contains("/") else { throw bad("names no database (…/DATABASE)") }
        var query: [String: String] = [:]
        for item in url.queryItems ?? [] {
            guard ["host", "port", "sslmode"].contains(item.name) else { throw bad("has the parameter '\(item.name)', which is not one of host, port, sslmode") }
            query[item.name] = item.value ?? ""
        }
        if let mode = query["sslmode"], mode != "disable" {
            throw bad("asks for sslmode=\(mode); this version connects without TLS only (sslmode=disable): use a Unix socket or a private network")
        }
        let portText = query["port"] ?? url.port.map(String.init)
        var port = 5432
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else { throw bad("has the port '\(portText)', not a number from 1 to 65535") }
            port = p
        }
        let host = query["host"] ?? url.host ?? ""
        let endpoint: Endpoint
        if host.hasPrefix("/") {
            endpoint = .socket(path: host + "/.s.PGSQL.\(port)")
        } else if !host.isEmpty {
            endpoint = .tcp(host: host, port: port)
        } else {
            throw bad("names no host (…@HOST or ?host=/SOCKET/DIRECTORY)")
        }
        self.init(endpoint: endpoint, user: user, password: url.password, database: name)
    }

    /// The address given on the command line, else the one in `SELARAS_DATABASE`, else nil.
    /// - Throws: ``DatabaseError`` when the one given is not a usable URL.
    public static func given(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(DatabaseError) -> DatabaseAddress? {
        guard let text = option ?? environment[environmentVariable], !text.isEmpty else { return nil }
        return try DatabaseAddress(parsing: text)
    }

    /// The address for people and logs: the password replaced by `***`.
    public var description: String {
        let login = password == nil ? user : user + ":***"
        switch endpoint {
        case .tcp(let host, let port): return "postgresql://\(login)@\(host):\(port)/\(database)"
        case .socket(let path): return "postgresql://\(login)@/\(database)?socket=\(path)"
        }
    }

    /// postgres-nio's configuration for this address.
    public var configuration: PostgresClient.Configuration {
        switch endpoint {
        case .tcp(let host, let port):
            return PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
        case .socket(let path):
            return PostgresClient.Configuration(unixSocketPath: path, username: user, password: password, database: database)
        }
    }

    /// The same server and login with another database (the test helper makes one per test).
    public func with(database: String) -> DatabaseAddress {
        DatabaseAddress(endpoint: endpoint, user: user, password: password, database: database)
    }

    /// A URL text with any password replaced by `***` (for messages about a URL that did not parse).
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text.range(of: "@", range: scheme.upperBound..<text.endIndex),
              let colon = text.range(of: ":", range: scheme.upperBound..<at.lowerBound) else { return "'\(text)'" }
        return "'" + text[..<colon.upperBound] + "***" + text[at.lowerBound...] + "'"
    }
}
