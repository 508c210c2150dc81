#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What `hub-load` reads about the hub process from outside: its CPU time (from
/// `/proc/PID/stat`) and, when it runs under `strace`, the fsync and fdatasync calls it made
/// in a window of time.
enum HubProbe {
    /// The strace binary, when the machine has one.
    static var strace: String? {
        ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The arguments that run `command` under strace, stopping only at fsync and fdatasync
    /// (a seccomp filter: other system calls run untraced) and writing each call with its time
    /// (seconds since 1970, `-ttt`) to `log`.
    static func straceArguments(log: String, command: [String]) -> [String] {
        ["-f", "-qq", "--seccomp-bpf", "-ttt", "-e", "trace=fsync,fdatasync", "-o", log] + command
    }

    /// The first child of a process (the traced hub under strace), waiting up to 5 s for it.
    static func child(of pid: Int32) -> Int32? {
        for _ in 0..<500 {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8),
               let first = text.split(separator: " ").first, let child = Int32(first) {
                return child
            }
            usleep(10_000)
        }
        return nil
    }

    /// CPU seconds (user + system, all threads) a process used so far, or nil when it cannot be read.
    static func cpuSeconds(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Seconds since 1970 now, to compare with strace's `-ttt` times (a measuring window only).
    static func wallSeconds() -> Double { Date().timeIntervalSince1970 }

    /// The fsync and fdatasync calls in a strace log that started between `from` and `to`
    /// (seconds since 1970).
    static func syncCalls(inLog log: String, from: Double, to: Double) -> (fsync: Int, fdatasync: Int) {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return (0, 0) }
        var fsync = 0, fdatasync = 0
        for line in text.split(separator: "\n") where !line.contains("resumed>") {
            // "PID SECONDS.MICROS fsync(5) = 0" (or "… <unfinished …>" when another thread interleaves).
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, let t = Double(parts[1]), t >= from, t <= to else { continue }
            if parts[2].hasPrefix("fdatasync(") { fdatasync += 1 } else if parts[2].hasPrefix("fsync(") { fsync += 1 }
        }
        return (fsync, fdatasync)
    }

    /// The group commits the hub counted, from its log's `hub closed` line
    /// (`group-commits=G`, `bundles-applied=B`), or nil when the line is not there.
    static func groupCommits(inLog log: String) -> (groups: Int, bundles: Int)? {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8),
              let line = text.split(separator: "\n").last(where: { $0.contains("hub closed") }) else { return nil }
        func value(_ key: String) -> Int? {
            guard let r = line.range(of: key + "=") else { return nil }
            return Int(line[r.upperBound...].prefix { $0.isNumber })
        }
        guard let g = value("group-commits"), let b = value("bundles-applied") else { return nil }
        return (g, b)
    }
}
