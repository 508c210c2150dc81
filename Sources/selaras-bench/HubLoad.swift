#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import SelarasHub
import SelarasHubClient
import SelarasHubPostgres
import SelarasHubProtocol
import SelarasLog
import SelarasModel

/// `selaras-bench hub-load`: many laptops syncing at once against one hub on loopback.
struct HubLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub-load",
        abstract: "N laptops (cadres across the kelurahan) push M new events each and pull their kelurahan from one hub, concurrently.",
        discussion: """
        The hub is a child process (`selaras hub serve --port 0`, the binary next to this one) so
        its peak memory (VmHWM) is its own. Each laptop has its own store in a temporary directory,
        is enrolled as a cadre (kelurahan in turn), records M growth checks, then all sync at
        once with the real HubClient (one POST /v1/sync each). Prints requests/s, p50/p99 latency
        of a sync, events ingested/s, the hub's peak memory and the error count, then stops the
        hub and checks that every event the hub acknowledged (signed receipt) is in its store and
        every acknowledged growth check in its export (`selaras export` csv.gz, growth_checks).

          swift run -c release selaras-bench hub-load --laptops 200 --events 500

        Open loop (--rate N --seconds S): N×S laptops, each syncing once, arriving on a fixed
        schedule (N per second) whatever the hub's answers; a sync's latency counts from its
        scheduled arrival, so a hub that falls behind shows it (no coordinated omission).

          swift run -c release selaras-bench hub-load --rate 20 --seconds 60 --events 500
        """)
    @Option(help: "Simulated laptops (a burst; with --rate, N×S instead).") var laptops = 200
    @Option(help: "Open loop: syncs arriving per second (with --seconds).") var rate: Double?
    @Option(help: "Open loop: how long arrivals go on, in seconds (with --rate).") var seconds: Double?
    @Option(help: "New events each laptop pushes.") var events = 500
    @Option(help: "The selaras binary (default: next to selaras-bench).") var selaras: String?
    @Flag(inversion: .prefixedNo, help: "Count the hub's fsync/fdatasync calls during the burst (runs the hub under strace with a seccomp filter that stops only at those calls).")
    var countFsyncs = true
    @Option(help: ArgumentHelp("The hubs' PostgreSQL database, empty (migrated first); default: the file store.", valueName: "URL"))
    var database: String?
    @Option(help: "Hub processes sharing --database (each with a copy of the hub's directory); laptops go to them in turn.")
    var hubs = 1

    func validate() throws {
        guard laptops > 0, events > 0 else { throw ValidationError("--laptops and --events must be at least 1") }
        guard (1...16).contains(hubs) else { throw ValidationError("--hubs \(hubs): allowed 1…16 processes") }
        guard hubs == 1 || database != nil else { throw ValidationError("--hubs \(hubs) needs --database: processes share a PostgreSQL database, not a file store") }
        guard (rate == nil) == (seconds == nil) else { throw ValidationError("--rate and --seconds go together (the open loop)") }
        if let rate, let seconds {
            guard rate > 0, rate <= 1000, seconds > 0, rate * seconds <= 100_000, rate * seconds >= 1 else {
                throw ValidationError("--rate \(rate) --seconds \(seconds): allowed 0 < rate ≤ 1000 syncs/s and 1 ≤ rate × seconds ≤ 100000 syncs")
            }
        }
    }

    func run() async throws {
        let laptops = rate.flatMap { r in seconds.map { Int((r * $0).rounded()) } } ?? self.laptops
        let exe = selaras ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("selaras").path
        guard FileManager.default.isExecutableFile(atPath: exe) else { throw ValidationError("no selaras binary at \(exe); build it (swift build -c release) or pass --selaras") }
        let base = NSTemporaryDirectory() + "selaras-hub-load-\(getpid())"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        let hubStore = base + "/hub"
        try Store.create(at: hubStore, kelurahan: Kelurahan(code: 1)!, label: "hub").close()
        if let database { try await Self.prepareDatabase(exe: exe, url: database) }
        let load = try String(contentsOfFile: "/proc/loadavg", encoding: .utf8).split(separator: " ").prefix(3).joined(separator: " ")
        let mode = rate.map { "open loop, \(Measure.fmt($0, 1)) syncs/s for \(Measure.fmt(seconds ?? 0, 1)) s" } ?? "burst (all at once)"
        print("hub-load: \(laptops) laptops × \(events) events, \(mode); \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(load)")
        if let database {
            print("store: PostgreSQL \(try DatabaseAddress(parsing: database)), \(hubs) hub process\(hubs == 1 ? "" : "es") (the database server's own CPU and fsyncs are not counted below)")
        }

        // The hubs, child processes: one directory each, copies of the same identity.
        let directories = (0..<hubs).map { $0 == 0 ? hubStore : base + "/hub\($0)" }
        for d in directories.dropFirst() { try FileManager.default.copyItem(atPath: hubStore, toPath: d) }
        let straceLog = base + "/strace.log"
        let counting = countFsyncs && database == nil && HubProbe.strace != nil
        if countFsyncs && database == nil && HubProbe.strace == nil { print("fsyncs: not counted (no strace on this machine; apt-get install strace)") }
        // The first hub's log: its last line counts the group commits (see `hub closed`).
        let hubLog = base + "/hub.log"
        FileManager.default.createFile(atPath: hubLog, contents: nil)
        var hubProcesses: [HubProcess] = []
        defer { for h in hubProcesses where h.process.isRunning { h.process.terminate(); h.process.waitUntilExit() } }
        for (k, d) in directories.enumerated() {
            hubProcesses.append(try Self.startHub(exe: exe, store: d, database: database, straceLog: counting && k == 0 ? straceLog : nil, log: k == 0 ? hubLog : nil))
        }

        // The laptops: stores, events, enrolment (codes made through the registry file, as
        // `selaras hub enrol` does, or in the database).
        let kelurahan = Kelurahan.all
        var stores: [Store] = []
        let t0 = Measure.now()
        for i in 0..<laptops {
            let kel = kelurahan[i % kelurahan.count]
            let store = try Store.create(at: base + "/lap\(i)", kelurahan: kel, label: "lap\(i)")
            let child = SampleEvents.child(store.replica, kelurahan: kel.code)
            // The child first (seq 1, the id the checks refer to), then its growth checks.
            try store.record([SampleEvents.childDraft(kelurahan: kel.code)]
                             + (1..<events).map { SampleEvents.check($0, kelurahan: kel.code, child: child) }, durability: .batch)
            stores.append(store)
        }
        let codes: [String]
        if let database {
            codes = try await Self.databaseEnrolments(url: database, role: .cadre, kelurahan: stores.map { Optional($0.metadata.kelurahan) })
        } else {
            let registry = try RegistryFile(storeDirectory: hubStore)
            codes = try stores.map { try registry.createEnrolment(role: .cadre, kelurahan: $0.metadata.kelurahan) }
        }
        print("prepared \(laptops) stores in \(Measure.fmt(Measure.now() - t0, 1)) s")
        var links: [HubLink] = []
        for (i, (store, code)) in zip(stores, codes).enumerated() {
            links.append(try await LaptopSync.enrol(store: store, url: hubProcesses[i % hubs].url, code: code))
        }

        // Every laptop syncs at once.
        let pairs = Array(zip(stores.map(\.directory), links))
        for s in stores { s.close() }
        let pids = hubProcesses.map(\.pid)
        func hubCPUSeconds() -> Double { pids.map { HubProbe.cpuSeconds(pid: $0) ?? 0 }.reduce(0, +) }
        let start = Measure.now()
        let wallStart = HubProbe.wallSeconds()
        let hubCPU0 = hubCPUSeconds()
        let laptopCPU0 = Measure.cpuSeconds()
        let outcomes = await Self.arrive(pairs, rate: rate)
        let wall = Measure.now() - start
        let wallEnd = HubProbe.wallSeconds()
        let hubCPU = hubCPUSeconds() - hubCPU0
        let laptopCPU = Measure.cpuSeconds() - laptopCPU0
        let hubPeak = pids.map { Self.peakMemoryMiB(pid: $0) }.max() ?? 0

        // With a database, an office laptop pulls everything through the last process: the export is made from its store.
        var exportStore = hubStore
        if let database {
            let office = try Store.create(at: base + "/office", kelurahan: Kelurahan(code: 1)!, label: "office")
            let code = try await Self.databaseEnrolments(url: database, role: .office, kelurahan: [nil])[0]
            let link = try await LaptopSync.enrol(store: office, url: hubProcesses[hubs - 1].url, code: code)
            _ = try await LaptopSync.sync(store: office, link: link)
            office.close()
            exportStore = office.directory
        }
        for h in hubProcesses { kill(h.pid, SIGTERM) } // the hubs themselves (under strace, strace exits with it)
        for h in hubProcesses { h.process.waitUntilExit() }

        let latencies = outcomes.map(\.seconds).sorted()
        func pct(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.up)) - 1)] }
        let errors = outcomes.filter { $0.error != nil }
        let ingested = outcomes.map(\.appended).reduce(0, +)
        print("requests (POST /v1/sync):  \(outcomes.count) in \(Measure.fmt(wall, 2)) s = \(Measure.fmt(Double(outcomes.count) / wall, 1)) requests/s")
        print("latency of one sync:       p50 \(Measure.fmt(pct(0.5) * 1000)) ms, p99 \(Measure.fmt(pct(0.99) * 1000)) ms (client-side\(rate == nil ? "" : ", from the scheduled arrival"): bundle write, upload, hub verify+apply, download, import)")
        print("events ingested:           \(ingested) = \(Measure.fmt(Double(ingested) / wall)) events/s")
        print("hub peak memory (VmHWM):   \(Measure.fmt(hubPeak, 1)) MiB\(hubs > 1 ? " (the largest of the \(hubs) processes)" : "")")
        let n = Double(max(outcomes.count, 1))
        print("hub CPU per sync:          \(Measure.fmt(hubCPU / n * 1000, 2)) ms (\(Measure.fmt(hubCPU, 2)) s user+system over the burst, /proc/PID/stat\(hubs > 1 ? ", all processes" : ""))")
        print("laptops' CPU per sync:     \(Measure.fmt(laptopCPU / n * 1000, 2)) ms (this process: bundle write, upload, answer import)")
        if counting {
            let calls = HubProbe.syncCalls(inLog: straceLog, from: wallStart, to: wallEnd)
            print("hub fsyncs per sync:       \(Measure.fmt(Double(calls.fsync + calls.fdatasync) / n, 2)) (\(calls.fsync) fsync + \(calls.fdatasync) fdatasync during the burst, counted by strace)")
        }
        if let g = HubProbe.groupCommits(inLog: hubLog) {
            print("group commits:             \(g.bundles) bundles applied in \(g.groups) commits = \(Measure.fmt(Double(g.bundles) / Double(max(g.groups, 1)), 1)) syncs per commit (the hub's log)")
        }
        let loadEnd = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        print("load average after:        \(loadEnd) (the machine is shared; figures vary with its load)")
        print("errors:                    \(errors.count)")
        for e in errors.prefix(5) { print("  \(e.error!)") }

        // Every acknowledged event is in the hub's store (reopened after the hub stopped) or database.
        let vector: VersionVector
        var doubled = false
        if let database {
            let held = try await Self.databaseHeld(url: database)
            vector = held.vector
            doubled = held.rows != held.distinct || UInt64(held.rows) != held.vector.totalEvents
            print("event rows in the database: \(held.rows), distinct (origin, kelurahan, seq): \(held.distinct), streams' heads total \(held.vector.totalEvents)")
        } else {
            let hubAfter = try Store.open(at: hubStore)
            vector = hubAfter.versionVector
            hubAfter.close()
        }
        let missing = outcomes.filter { $0.error == nil && vector[$0.stream] < $0.acknowledged }
        let total = outcomes.filter { $0.error == nil }.map(\.acknowledged).reduce(0, +)
        print("acknowledged events in the hub's \(database == nil ? "store" : "database"): \(missing.isEmpty ? "all \(total)" : "MISSING for \(missing.count) laptops")")

        // … and in the hub's export: every acknowledged growth check's id is a row of the
        // growth_checks table of `selaras export` (csv.gz, office tier: ids as they are).
        let exported = try Self.exportedCheckIDs(selaras: exe, store: exportStore, directory: base + "/export")
        let acknowledged = outcomes.filter { $0.error == nil }.flatMap { o in
            (1..<max(o.acknowledged, 1)).map { EntityID(kind: .growthCheck, origin: Dot(stream: o.stream, seq: $0 + 1)).description }
        }
        let absent = acknowledged.filter { !exported.contains($0) }
        print("acknowledged growth checks in the hub's export (growth_checks\(database == nil ? "" : ", from an office laptop's full pull")): \(absent.isEmpty ? "all \(acknowledged.count)" : "MISSING \(absent.count) of \(acknowledged.count), e.g. \(absent[0])") (\(exported.count) rows)")
        if !errors.isEmpty || !missing.isEmpty || !absent.isEmpty || doubled || total != UInt64(laptops * events) { throw ExitCode.failure }
    }

    /// The `check_id` column of the growth_checks table of a csv.gz office-tier export of a store,
    /// made by the `selaras` binary and read back with the system's gzip.
    static func exportedCheckIDs(selaras: String, store: String, directory: String) throws -> Set<String> {
        func run(_ executable: String, _ arguments: [String]) throws -> Data {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: executable)
            p.arguments = arguments
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try p.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw ValidationError("\(executable) \(arguments.joined(separator: " ")) failed (exit \(p.terminationStatus))") }
            return data
        }
        _ = try run(selaras, ["export", "--store", store, "--format", "csv.gz", "--tier", "office", "--out", directory])
        let csv = String(decoding: try run("/usr/bin/env", ["gzip", "-dc", directory + "/growth_checks.csv.gz"]), as: UTF8.self)
        var lines = csv.split(whereSeparator: \.isNewline)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
              let column = header.firstIndex(of: "check_id") else { throw ValidationError("growth_checks.csv.gz has no check_id column") }
        lines.removeFirst()
        return Set(lines.compactMap { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return cells.count > column ? String(cells[column]).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) : nil
        })
    }

    /// Starts every laptop's sync: all at once (a burst), or one every 1/rate seconds on a
    /// fixed schedule whatever the answers (the open loop).
    static func arrive(_ pairs: [(String, HubLink)], rate: Double?) async -> [Outcome] {
        let clock = ContinuousClock()
        let start = clock.now
        return await withTaskGroup(of: Outcome.self) { group in
            for (i, pair) in pairs.enumerated() {
                let directory = pair.0, link = pair.1
                var due = start
                if let rate {
                    due = start + .seconds(Double(i) / rate)
                    try? await clock.sleep(until: due)
                }
                group.addTask { await HubLoad.syncOne(directory: directory, link: link, since: due) }
            }
            var all: [Outcome] = []
            for await o in group { all.append(o) }
            return all
        }
    }

    /// One laptop's sync, timed from `since` (its arrival; opening its store included).
    static func syncOne(directory: String, link: HubLink, since: ContinuousClock.Instant) async -> Outcome {
        let own = StreamID(origin: link.device, kelurahanCode: link.kelurahan ?? 0)
        func elapsed() -> Double {
            let d = ContinuousClock.now - since
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        do {
            let store = try Store.open(at: directory)
            defer { store.close() }
            let report = try await LaptopSync.sync(store: store, link: link)
            return Outcome(seconds: elapsed(), appended: report.receipt.appended,
                           acknowledged: report.receipt.vector[own], stream: own, error: nil)
        } catch {
            return Outcome(seconds: elapsed(), appended: 0, acknowledged: 0, stream: own, error: "\(error)")
        }
    }

    /// A process's peak resident set size in MiB (VmHWM of /proc/PID/status).
    static func peakMemoryMiB(pid: Int32) -> Double { Measure.statusMiB("VmHWM:", process: "\(pid)") }
}

/// One laptop's sync in the load run.
struct Outcome: Sendable {
    let seconds: Double, appended: UInt64, acknowledged: UInt64
    let stream: StreamID
    let error: String?
}
