#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Small measuring helpers: a monotonic clock, peak resident memory, formatting.
enum Measure {
    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// CPU seconds this process used so far (user + system, all threads).
    static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }

    /// Peak resident set size of this process in MiB (VmHWM from /proc/self/status).
    static func peakMemoryMiB() -> Double { statusMiB("VmHWM:") }

    /// Resets this process's peak resident set size (VmHWM) to what is resident now (Linux:
    /// `5` written to `/proc/self/clear_refs`), so the next ``peakMemoryMiB()`` is the peak of
    /// one phase. Returns false when the kernel does not allow it.
    @discardableResult
    static func resetPeakMemory() -> Bool {
        FileManager.default.isWritableFile(atPath: "/proc/self/clear_refs")
            && (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
    }

    /// A `/proc/PROCESS/status` line (`self` or a pid) in MiB.
    static func statusMiB(_ key: String, process: String = "self") -> Double {
        guard let s = try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8) else { return .nan }
        for line in s.split(separator: "\n") where line.hasPrefix(key) {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
            return kb / 1024
        }
        return .nan
    }

    /// Anonymous resident memory of this process in bytes (RssAnon: the heap, not mapped
    /// files), after returning freed heap pages to the system (glibc `malloc_trim`, looked up
    /// at run time; skipped when absent).
    static func anonymousResidentBytes() -> Int {
        typealias Trim = @convention(c) (Int) -> Int32
        if let sym = dlsym(nil, "malloc_trim") {
            _ = unsafeBitCast(sym, to: Trim.self)(0)
        }
        let mib = statusMiB("RssAnon:")
        return mib.isNaN ? 0 : Int(mib * 1_048_576)
    }

    /// Resident set size of this process now, in MiB (VmRSS).
    static func residentMemoryMiB() -> Double { statusMiB("VmRSS:") }

    /// A file's size in bytes (0 when it cannot be read).
    static func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    static func fmt(_ x: Double, _ decimals: Int = 0) -> String { String(format: "%.\(decimals)f", x) }

    /// Runs a shell command, returning its exit status and standard output.
    @discardableResult
    static func shell(_ command: String) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
