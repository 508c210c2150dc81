#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import SelarasLog
import SelarasModel

/// `selaras-bench cli`: `check add`, `child add` and `status` timed as whole `selaras`
/// processes (start to exit), on an empty store and on a store of about a million events.
struct CLIBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cli",
        abstract: "Time whole selaras processes (check add, child add, status) on an empty store and on ~1,000,000 events.",
        discussion: """
        The selaras executable is looked for next to selaras-bench: build both with
        `swift build -c release --static-swift-stdlib` (the install build) to time what is
        installed. Each figure is the median of
        --runs runs; the first command on the big store (which builds the store's summary from
        a full fold) is printed on its own. Targets: ≤ 50 ms on an empty store, ≤ 100 ms at
        1,000,000 events.
        """)

    @Option(help: "Growth checks in the big store (plus one child per ten checks, 1 % of children corrected, 0.1 % of checks voided).")
    var checks = 1_000_000
    @Option(help: "Runs per command (the median is printed).") var runs = 9
    @Option(help: "Working directory (default: a temporary one, removed afterwards).") var dir: String?
    @Option(help: "The selaras executable (default: next to selaras-bench).") var selaras: String?

    func run() throws {
        let exe = selaras.map(Measure.absolutePath) ?? (URL(fileURLWithPath: Measure.selfPath).deletingLastPathComponent().path + "/selaras")
        guard FileManager.default.isExecutableFile(atPath: exe) else {
            throw ValidationError("no selaras executable at \(exe); build it (swift build -c release) or give --selaras PATH")
        }
        let base = Measure.absolutePath(dir ?? NSTemporaryDirectory() + "selaras-cli-bench-\(getpid())")
        try? FileManager.default.removeItem(atPath: base)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: base) } }
        print("selaras-bench cli — whole processes of \(exe), median of \(runs) runs, working in \(base)")
        print("  load average \(Self.loadAverage()) (the machine is shared; figures move with it)")
        print("  \(Self.linkage(exe))")

        // The empty store: one child to weigh.
        let empty = base + "/empty"
        _ = try Self.time(exe, ["init", "--store", empty, "--kelurahan", "Manggar"])
        let child = try Self.time(exe, ["child", "add", "--store", empty, "--name", "Siti Aminah", "--sex", "P", "--born", "2024-03-02"]).output
        print("\nempty store (1 child)")
        try measure(exe, store: empty, child: child, date: "2025-03-15", target: 0.050)

        // The big store.
        let started = Measure.now()
        let (big, bigChild, events) = try Self.bigStore(at: base + "/big", checks: checks)
        print("\nstore of \(events) events (built in \(Measure.fmt(Measure.now() - started, 1)) s)")
        let first = try Self.time(exe, ["status", "--store", big])
        print(Self.line("first status (a full fold, writes the summary)", first.seconds, target: nil))
        print("  summary file                        \(Measure.fileSize(big + "/summary")) bytes")
        try measure(exe, store: big, child: bigChild, date: "2023-01-15", target: 0.100)
        print("\n  load average \(Self.loadAverage())")
    }

    /// Times the three commands on a store and prints their medians against the target.
    func measure(_ exe: String, store: String, child: String, date: String, target: Double) throws {
        var add: [Double] = [], check: [Double] = [], status: [Double] = []
        for i in 0..<runs {
            check.append(try Self.time(exe, ["check", "add", "--store", store, "--child", child, "--date", date, "--weight", "9.\(i % 10)",
                                             "--length", "75.\(i % 10)", "--position", "lying", "--muac", "14.5", "--head", "45.0"]).seconds)
            add.append(try Self.time(exe, ["child", "add", "--store", store, "--name", "Anak Bench \(i)", "--sex", i % 2 == 0 ? "L" : "P",
                                           "--born", "2024-05-0\(1 + i % 9)"]).seconds)
            status.append(try Self.time(exe, ["status", "--store", store]).seconds)
        }
        print(Self.line("check add (WHO tables, the child)", Self.median(check), target: target))
        print(Self.line("child add", Self.median(add), target: target))
        print(Self.line("status (after each add: 2 new events)", Self.median(status), target: target))
    }

    static func line(_ what: String, _ seconds: Double, target: Double?) -> String {
        let label = what.padding(toLength: max(44, what.count), withPad: " ", startingAt: 0)
        let ms = Measure.fmt(seconds * 1000, 1) + " ms"
        guard let target else { return "  \(label) \(ms)" }
        return "  \(label) \(ms)  (target ≤ \(Measure.fmt(target * 1000)) ms: \(seconds <= target ? "met" : "missed"))"
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? .nan : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// How the executable is linked: its shared libraries, and whether the Swift runtime and
    /// Foundation are among them (a `--static-swift-stdlib` build links them in).
    static func linkage(_ exe: String) -> String {
        guard let r = try? Measure.shell("ldd '\(exe)'"), r.status == 0 else { return "linkage: ldd could not read \(exe)" }
        let libraries = r.output.split(separator: "\n").filter { $0.contains(".so") }
        let dynamic = libraries.contains { $0.contains("libswiftCore.so") || $0.contains("libFoundation.so") }
        return "\(libraries.count) shared libraries; the Swift runtime and Foundation "
            + (dynamic ? "linked dynamically (build with --static-swift-stdlib to link them in)" : "linked statically (--static-swift-stdlib)")
    }

    /// `/proc/loadavg`'s first three figures.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// Runs `selaras ARGS` to its exit; fails on a non-zero exit.
    static func time(_ exe: String, _ arguments: [String]) throws -> (seconds: Double, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        let start = Measure.now()
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let seconds = Measure.now() - start
        guard p.terminationStatus == 0 else {
            throw ValidationError("selaras \(arguments.joined(separator: " ")) exited \(p.terminationStatus)")
        }
        return (seconds, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The export benchmark's children and checks, then corrections of 1 % of the children and
    /// voids of 0.1 % of the checks, so the summary has changed records to list.
    /// - Returns: the store's path, a child to weigh (born 2022) and the event count.
    static func bigStore(at path: String, checks: Int) throws -> (String, String, UInt64) {
        let store = try Store.create(at: path, kelurahan: Kelurahan(name: "Manggar")!, label: "bench")
        var made = 0
        var k: UInt16 = 1
        var changes: [EventDraft] = []
        while made < checks {
            let n = min(checks - made, 50_000)
            let stream = StreamID(origin: store.replica, kelurahanCode: k)
            let first = store.versionVector[stream] + 1
            try ExportBench.record(into: store, checks: n, kelurahan: k, offset: made)
            let children = UInt64(max(1, n / 10))
            for i in stride(from: 0, to: children, by: 100) {
                let id = EntityID(kind: .child, origin: Dot(stream: stream, seq: first + i))
                changes.append(.change(id, context: [id.origin], .correct(FieldMap([(FieldKey.Child.name, .text("Anak Dikoreksi \(i)"))]), reason: "ejaan"),
                                       author: "Bu Sulastri"))
            }
            for i in stride(from: 0, to: UInt64(n), by: 1000) {
                let id = EntityID(kind: .growthCheck, origin: Dot(stream: stream, seq: first + children + i))
                changes.append(.change(id, context: [id.origin], .void(reason: "dobel"), author: "Bu Sulastri"))
            }
            made += n
            k = k % 34 + 1
        }
        try store.record(changes, durability: .batch)
        let child = EntityID(kind: .child, origin: Dot(stream: StreamID(origin: store.replica, kelurahanCode: 1), seq: 1))
        let events = store.versionVector.totalEvents
        store.close()
        return (path, child.description, events)
    }
}
