import ArgumentParser
import Foundation
import SelarasLog
import SelarasModel
#if canImport(Glibc)
import Glibc
#endif

/// `selaras-bench log`: the store against the disk's raw fsync rate and against SQLite.
struct LogBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Durable appends vs raw fdatasync; batched appends vs sqlite3 (WAL); open + verify time and memory.")

    @Option(help: "Events for the batched-append and open/verify runs.") var events = 1_000_000
    @Option(help: "Seconds for each fsync-bound measurement.") var seconds = 3.0
    @Option(help: "Working directory (default: a temporary one, removed afterwards).") var dir: String?

    func run() throws {
        let base = dir ?? NSTemporaryDirectory() + "selaras-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: base)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: base) } }
        print("selaras-bench log — \(events) events, working in \(base)")

        // 1. Raw fdatasync rate: 160-byte appends, one fdatasync each.
        let rawPath = base + "/raw.bin"
        let fd = open(rawPath, O_RDWR | O_CREAT | O_APPEND, 0o600)
        let block = [UInt8](repeating: 7, count: 160)
        var raw = 0
        var t0 = Measure.now()
        while Measure.now() - t0 < seconds {
            _ = block.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            fdatasync(fd)
            raw += 1
        }
        let rawRate = Double(raw) / (Measure.now() - t0)
        close(fd)

        // 2. Durable appends through the store, one fsync per event.
        let kel = Kelurahan(name: "Manggar")!
        let durable = try Store.create(at: base + "/durable", kelurahan: kel, label: "bench")
        let child = SampleEvents.child(durable.replica, kelurahan: kel.code)
        var n = 0
        t0 = Measure.now()
        while Measure.now() - t0 < seconds {
            try durable.record([SampleEvents.check(n, kelurahan: kel.code, child: child)], durability: .eachEvent)
            n += 1
        }
        let durableRate = Double(n) / (Measure.now() - t0)
        durable.close()
        print("")
        print("durable appends (1 fdatasync each)   \(Measure.fmt(durableRate)) events/s")
        print("raw fdatasync, same disk             \(Measure.fmt(rawRate)) writes/s")
        print("  ratio                              \(Measure.fmt(durableRate / rawRate, 2))×  (target ≥ 0.8×)")

        // 3. Batched appends: batches of 1,000, one fdatasync per batch.
        let store = try Store.create(at: base + "/batched", kelurahan: kel, label: "bench")
        let c2 = SampleEvents.child(store.replica, kelurahan: kel.code)
        var storeSeconds = 0.0
        var sql = "PRAGMA journal_mode=WAL;\nCREATE TABLE growth_checks(seq INTEGER PRIMARY KEY, child_id TEXT, measured_on TEXT, weight INTEGER, length INTEGER, position TEXT, head INTEGER, muac INTEGER, cadre TEXT, posyandu TEXT, author TEXT, recorded_at INTEGER);\n"
        let sqlPath = base + "/insert.sql"
        FileManager.default.createFile(atPath: sqlPath, contents: nil)
        let sqlFile = try FileHandle(forWritingTo: URL(fileURLWithPath: sqlPath))
        var i = 0
        while i < events {
            let count = min(1000, events - i)
            let batch = (i..<i + count).map { SampleEvents.check($0, kelurahan: kel.code, child: c2) }
            let t = Measure.now()
            try store.record(batch, durability: .batch)
            storeSeconds += Measure.now() - t
            sql += "BEGIN;\n" + zip(i..<i + count, batch).map { "INSERT INTO growth_checks VALUES " + SampleEvents.sqlRow($0, $1) + ";" }.joined(separator: "\n") + "\nCOMMIT;\n"
            if sql.utf8.count > 8 << 20 { sqlFile.write(Data(sql.utf8)); sql = "" }
            i += count
        }
        sqlFile.write(Data(sql.utf8))
        try sqlFile.close()
        store.close()
        let storeRate = Double(events) / storeSeconds
        print("")
        print("batched appends (1,000 per fdatasync)  \(Measure.fmt(storeRate)) events/s")
        let sqliteAvailable = (try? Measure.shell("command -v sqlite3"))?.status == 0
        if sqliteAvailable {
            let t = Measure.now()
            let r = try Measure.shell("sqlite3 '\(base)/bench.sqlite' < '\(sqlPath)' > /dev/null")
            let sqliteSeconds = Measure.now() - t
            let sqliteRate = Double(events) / sqliteSeconds
            print("sqlite3 WAL, same rows, 1,000 per txn  \(Measure.fmt(sqliteRate)) rows/s\(r.status == 0 ? "" : " (sqlite3 exited \(r.status))")")
            print("  ratio                                \(Measure.fmt(storeRate / sqliteRate, 2))×  (target ≥ 3×)")
        } else {
            print("sqlite3 not installed: baseline skipped (apt-get install sqlite3)")
        }

        // 4. Open + verify in a fresh process, for a clean peak-memory figure.
        let me = CommandLine.arguments[0]
        let out = try Measure.shell("'\(me)' open-verify --store '\(base)/batched'")
        print("")
        print(out.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// `selaras-bench open-verify --store DIR`: opens and fully verifies a store, printing time and peak memory.
struct OpenVerify: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open-verify", abstract: "Time opening and verifying a store.")
    @Option var store: String

    func run() throws {
        let t0 = Measure.now()
        let s = try Store.open(at: store)
        let t1 = Measure.now()
        let report = s.verify()
        let t2 = Measure.now()
        print("open \(report.events)-event store          \(Measure.fmt((t1 - t0) * 1000, 1)) ms")
        print("verify every frame, CRC, hash chain  \(Measure.fmt((t2 - t1) * 1000, 1)) ms  (\(report.isSound ? "sound" : "DAMAGED"))")
        print("  open + verify                      \(Measure.fmt(t2 - t0, 3)) s  (target < 1 s)")
        print("  peak memory                        \(Measure.fmt(Measure.peakMemoryMiB(), 1)) MiB  (target < 300 MB)")
    }
}
