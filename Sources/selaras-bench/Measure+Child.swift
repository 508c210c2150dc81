#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension Measure {
    /// What one child process cost: wall time, its own peak resident memory, its exit status.
    struct ChildRun {
        /// Wall-clock seconds from spawn to exit (monotonic clock).
        let seconds: Double
        /// The child's peak resident set size in MiB (`ru_maxrss` from `wait4`: this child only).
        let peakMiB: Double
        /// Exit status (128 + signal when killed by one).
        let status: Int32
    }

    /// Runs `arguments[0]` (a path) with `arguments` as its argv, standard output to `stdout`
    /// (a file created or truncated; `/dev/null` by default), and waits for it.
    /// - Throws: when the process cannot be started.
    static func runChild(_ arguments: [String], stdout: String = "/dev/null") throws -> ChildRun {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let start = now()
        let rc = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard rc == 0 else { throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = now() - start
        let exited = status & 0x7f == 0
        return ChildRun(seconds: seconds, peakMiB: Double(usage.ru_maxrss) / 1024,
                        status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f))
    }
}

/// A benchmark step that could not run, said in one sentence.
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String
    init(_ description: String) { self.description = description }
}
