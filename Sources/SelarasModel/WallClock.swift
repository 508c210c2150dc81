#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time, recorded on events for people only: it never decides causality or order.
public enum WallClock {
    /// Milliseconds since 1970-01-01 UTC, read from the system clock.
    public static func nowMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Formats milliseconds since the epoch as ISO 8601 UTC (`2025-01-15T03:04:05Z`); a time
    /// whose day does not fit a ``LocalDate`` (a damaged or hostile value) as `<n> ms since 1970`.
    public static func iso8601(milliseconds: Int64) -> String {
        let seconds = Int(milliseconds / 1000)
        guard let days = Int32(exactly: seconds.floorDiv(86_400)) else { return "\(milliseconds) ms since 1970" }
        let day = LocalDate(daysSinceEpoch: days)
        let rem = seconds - seconds.floorDiv(86_400) * 86_400
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(day)T\(two(rem / 3600)):\(two(rem % 3600 / 60)):\(two(rem % 60))Z"
    }
}
