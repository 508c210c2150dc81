#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A throwaway PostgreSQL cluster for tests: `initdb` in a new directory under `/tmp`, the
/// server listening only on a Unix socket in that directory (no TCP, so no port is shared
/// with anything), `fsync=off`; stopped and removed at the end of the test process.
///
/// Run as root (CI), the server runs as the `postgres` user (`initdb` refuses root). When
/// `initdb` and `pg_ctl` cannot be found, ``shared()`` returns nil and the PostgreSQL cases
/// print ``skipReason`` and are skipped; set `SELARAS_PG_BIN` to use other binaries.
public final class PostgresCluster: Sendable {
    /// The cluster's directory (data, socket, log).
    public let directory: String
    /// The directory holding the server's socket.
    public var socketDirectory: String { directory }
    /// The port in the socket's name (`.s.PGSQL.PORT`; no TCP port is opened).
    public let port: Int
    /// The superuser role (`initdb -U`), logging in without a password over the socket.
    public let user = "selaras"
    /// The binaries' directory.
    public let binaries: String

    /// One line saying why the PostgreSQL cases are skipped.
    public static let skipReason = "PostgreSQL cases skipped: initdb and pg_ctl were not found in /usr/lib/postgresql/*/bin or SELARAS_PG_BIN (apt-get install postgresql)"

    /// The URL of a database of this cluster (libpq form, socket directory as `host`).
    public func url(database: String = "postgres") -> String {
        "postgresql://\(user)@/\(database)?host=\(socketDirectory)&port=\(port)"
    }

    /// The directory holding `initdb` and `pg_ctl`, or nil when they are not installed.
    public static func findBinaries() -> String? {
        let fm = FileManager.default
        func usable(_ dir: String) -> Bool { fm.isExecutableFile(atPath: dir + "/initdb") && fm.isExecutableFile(atPath: dir + "/pg_ctl") }
        if let dir = ProcessInfo.processInfo.environment["SELARAS_PG_BIN"], usable(dir) { return dir }
        let versions = ((try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap(Int.init).sorted(by: >)
        return versions.map { "/usr/lib/postgresql/\($0)/bin" }.first(where: usable)
    }

    /// The cluster shared by every test of this process: started on first use, stopped when
    /// the process exits. Nil when the binaries are absent.
    /// - Throws: ``PostgresClusterError`` when it could not start (the same error for every caller).
    public static func shared() throws -> PostgresCluster? {
        switch sharedCluster {
        case .none: return nil
        case .some(.success(let c)): return c
        case .some(.failure(let e)): throw e
        }
    }

    private static let sharedCluster: Result<PostgresCluster, PostgresClusterError>? = {
        guard let bin = findBinaries() else { return nil }
        do {
            let c = try PostgresCluster(binaries: bin)
            atexit { if case .some(.success(let c)) = PostgresCluster.sharedCluster { c.stop() } }
            return .success(c)
        } catch let e as PostgresClusterError {
            return .failure(e)
        } catch {
            return .failure(PostgresClusterError(step: "start", output: "\(error)"))
        }
    }()

    /// Starts a new cluster with the binaries in `binaries`.
    /// - Throws: ``PostgresClusterError`` naming the step that failed and what it printed.
    public init(binaries: String, port: Int = 55432) throws {
        self.binaries = binaries
        self.port = port
        var template = Array("/tmp/selaras-pg.XXXXXX".utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buf in
            mkdtemp(buf.baseAddress!).map { String(cString: $0) }
        }
        guard let made else { throw PostgresClusterError(step: "mkdtemp", output: String(cString: strerror(errno))) }
        directory = made
        let asRoot = geteuid() == 0
        if asRoot {
            guard let pw = getpwnam("postgres") else {
                throw PostgresClusterError(step: "initdb", output: "running as root, and there is no postgres user to run the server as")
            }
            guard chown(made, pw.pointee.pw_uid, pw.pointee.pw_gid) == 0 else {
                throw PostgresClusterError(step: "chown", output: String(cString: strerror(errno)))
            }
        }
        let data = made + "/data"
        try run("initdb", ["-D", data, "-A", "trust", "-U", user, "--no-sync", "-E", "UTF8", "--locale=C"], asPostgres: asRoot)
        try run("pg_ctl", ["-D", data, "-l", made + "/server.log", "-w", "-t", "60",
                           "-o", "-k \(made) -p \(port) -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                           "start"], asPostgres: asRoot)
    }

    /// Makes a new empty database with a unique name (`createdb` over the socket).
    /// - Returns: its name.
    /// - Throws: ``PostgresClusterError``.
    public func createDatabase(prefix: String = "t") throws -> String {
        let name = prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try run("createdb", ["-h", socketDirectory, "-p", String(port), "-U", user, name], asPostgres: false)
        return name
    }

    /// Stops the server at once and removes its directory.
    public func stop() {
        _ = try? run("pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"], asPostgres: geteuid() == 0)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs one of the binaries (as `postgres` through runuser when root) and waits for it.
    ///
    /// posix_spawn and waitpid, not Foundation's Process: `pg_ctl start` leaves the server
    /// running as a daemon, and Process did not notice pg_ctl's own exit then (seen: the
    /// wait never returned). Output goes to `DIR/TOOL.out` (a file, never a pipe).
    @discardableResult
    private func run(_ tool: String, _ arguments: [String], asPostgres: Bool) throws -> String {
        let argv = asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", binaries + "/" + tool] + arguments
                              : [binaries + "/" + tool] + arguments
        let outPath = directory + "/\(tool).out"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
        guard spawned == 0 else { throw PostgresClusterError(step: tool, output: String(cString: strerror(spawned))) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw PostgresClusterError(step: tool, output: "waitpid: \(String(cString: strerror(errno)))") }
        }
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        // Exited normally (low 7 bits 0) with status 0.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else { throw PostgresClusterError(step: tool, output: text) }
        return text
    }
}

/// A step of starting or stopping a throwaway cluster failed.
public struct PostgresClusterError: Error, Sendable, CustomStringConvertible {
    /// The step (initdb, pg_ctl, …).
    public let step: String
    /// What it printed.
    public let output: String
    /// One sentence.
    public var description: String { "the throwaway PostgreSQL cluster failed at \(step): \(output.trimmingCharacters(in: .whitespacesAndNewlines))" }
}
