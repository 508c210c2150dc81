#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import SelarasHub
import SelarasHubPostgres
import SelarasHubProtocol
import SelarasModel

extension HubLoad {
    /// One hub process of the run.
    struct HubProcess {
        /// The process started (strace, or the hub itself).
        let process: Process
        /// The hub's own pid (the traced child under strace).
        let pid: Int32
        /// Its address.
        let url: String
    }

    /// Starts `selaras hub serve --port 0` on a directory (with `--database` when given), under
    /// strace when `straceLog` is given, its standard error to `log` when given, and waits for its address.
    static func startHub(exe: String, store: String, database: String?, straceLog: String?, log: String? = nil) throws -> HubProcess {
        let hub = Process()
        let serve = [exe, "hub", "serve", "--store", store, "--port", "0"] + (database.map { ["--database", $0] } ?? [])
        if let straceLog, let strace = HubProbe.strace {
            hub.executableURL = URL(fileURLWithPath: strace)
            hub.arguments = HubProbe.straceArguments(log: straceLog, command: serve)
        } else {
            hub.executableURL = URL(fileURLWithPath: exe)
            hub.arguments = Array(serve.dropFirst())
        }
        let out = Pipe()
        hub.standardOutput = out
        hub.standardError = FileHandle(forWritingAtPath: log ?? "/dev/null")
        try hub.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let r = text.range(of: "http://") else {
            hub.terminate()
            hub.waitUntilExit()
            throw ValidationError("the hub printed no address: \(text)")
        }
        // Under strace the hub is strace's child: its own pid for CPU time and memory.
        guard let pid = straceLog == nil || HubProbe.strace == nil ? hub.processIdentifier : HubProbe.child(of: hub.processIdentifier) else {
            throw ValidationError("could not find the hub process under strace")
        }
        return HubProcess(process: hub, pid: pid, url: String(text[r.lowerBound...].prefix { !$0.isWhitespace }))
    }

    /// A quiet logger for the bench's own database client.
    static var databaseLogger: Logger {
        var l = Logger(label: "selaras.bench.database")
        l.logLevel = .error
        return l
    }

    /// Brings the database's schema up to date (`selaras hub migrate`) and refuses one that
    /// already holds events (the figures and the checks need an empty hub).
    static func prepareDatabase(exe: String, url: String) async throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["hub", "migrate", "--database", url]
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw ValidationError("selaras hub migrate failed on the database (exit \(p.terminationStatus))") }
        let address = try DatabaseAddress(parsing: url)
        let events = try await HubDatabase.withClient(address, logger: databaseLogger) { client in
            var n = 0
            for try await c in try await client.query("SELECT count(*) FROM events", logger: databaseLogger).decode(Int.self) { n = c }
            return n
        }
        guard events == 0 else { throw ValidationError("the database \(address) already holds \(events) events; give hub-load an empty database") }
    }

    /// Makes enrolment codes for a role (one per kelurahan given; nil for office and analyst) in
    /// the database, as `selaras hub enrol --database` does.
    static func databaseEnrolments(url: String, role: HubRole, kelurahan: [Kelurahan?]) async throws -> [String] {
        let address = try DatabaseAddress(parsing: url)
        return try await HubDatabase.withClient(address, logger: databaseLogger) { client in
            let now = WallClock.nowMilliseconds()
            let codes = kelurahan.map { _ in EnrolmentCode.generate() }
            try await PostgresHubRegistry(client: client, logger: databaseLogger).update { reg in
                for (code, kel) in zip(codes, kelurahan) { Hub.addEnrolment(code, role: role, kelurahan: kel, now: now, to: &reg) }
            }
            return codes
        }
    }

    /// Each stream's last seq in the database (`streams`), and the number of event rows and of
    /// distinct (origin, kelurahan, seq) keys.
    static func databaseHeld(url: String) async throws -> (vector: VersionVector, rows: Int, distinct: Int) {
        let address = try DatabaseAddress(parsing: url)
        return try await HubDatabase.withClient(address, logger: databaseLogger) { client in
            var vv = VersionVector()
            let streams = try await client.query("SELECT origin, kelurahan, seq FROM streams", logger: databaseLogger)
            for try await (o, k, seq) in streams.decode((Int64, Int16, Int64).self) where k >= 0 && seq >= 0 {
                vv[StreamID(origin: ReplicaID(rawValue: UInt64(bitPattern: o)), kelurahanCode: UInt16(k))] = UInt64(seq)
            }
            var rows = 0, distinct = 0
            let counts = try await client.query("SELECT count(*), count(DISTINCT (origin, kelurahan, seq)) FROM events", logger: databaseLogger)
            for try await (r, d) in counts.decode((Int, Int).self) { (rows, distinct) = (r, d) }
            return (vv, rows, distinct)
        }
    }
}
