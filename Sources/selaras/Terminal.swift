#if canImport(Glibc)
import Glibc
#endif

/// Writing to the terminal: results on stdout, messages on stderr.
enum Terminal {
    /// Prints a line on stderr.
    static func error(_ line: String) {
        var s = line
        if !s.hasSuffix("\n") { s += "\n" }
        writeStderr(s)
    }

    /// Writes raw text to file descriptor 2.
    static func writeStderr(_ s: String) {
        var s = s
        s.withUTF8 { p in _ = write(2, p.baseAddress, p.count) }
    }

    /// Whether stderr is a terminal (progress bars only then).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}

/// A one-line progress bar on stderr, drawn only on a terminal and at most ~10 times a second.
final class ProgressBar {
    private let label: String
    private let enabled: Bool
    private var lastDraw: Int64 = 0

    init(_ label: String, enabled: Bool = Terminal.stderrIsTerminal) {
        self.label = label
        self.enabled = enabled
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let now = Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
        guard now - lastDraw >= 100 || done == total else { return }
        lastDraw = now
        let width = 30
        // `done` can pass `total` (a hub's Content-Length counts the compressed body, the bytes
        // arrive decoded) or be anything a caller passes: the bar is clamped, never a negative count.
        let filled = Int(Double(width) * Double(min(max(done, 0), total)) / Double(total))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        Terminal.writeStderr("\r\(label) [\(bar)] \(done)/\(total)")
        if done == total { Terminal.writeStderr("\n") }
    }
}

extension Terminal {
    /// Writes text to stdout at once (unbuffered: a parent process reading the pipe sees it).
    static func writeStdout(_ s: String) {
        var s = s
        s.withUTF8 { p in _ = write(1, p.baseAddress, p.count) }
    }
}
