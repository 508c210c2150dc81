#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SelarasLog
import SelarasModel

/// A ``FileSystem`` that forwards to ``PosixFileSystem`` and remembers what a power cut
/// would lose, so that ``cut(seed:)`` can put the files into a state the disk could really be
/// in after losing power.
///
/// The model, per file path:
/// - the **durable content** is the file as it was at its last `sync` (a file that existed
///   before this file system first saw it counts as durable as found);
/// - of the writes since then only the **last** one may partly survive: ``cut(seed:)`` keeps
///   the durable content plus a random prefix of that write (a write torn at a random byte);
///   earlier unsynced writes and unsynced truncations are lost;
/// - a file created (or renamed into place) since its directory was last synced with
///   `syncDirectory` loses its directory entry: the cut removes it (a rename is undone);
///   a file removed since its directory was last synced comes back with its durable content.
///
/// ``cutAfterOperations`` makes the power fail during a run: the operation after that many
/// mutating operations (open-create, write, sync, truncate, mkdir, directory sync, rename,
/// remove) fails with `EIO` — a write is first performed, so that the cut can tear it — and so
/// does every mutating operation after it. Reads keep working.
///
/// After ``cut(seed:)`` release the store that used this file system and reopen it with a
/// fresh ``PosixFileSystem``; this instance is then dead for good.
public final class PowerCutFileSystem: FileSystem {
    private struct Unsynced {
        var offset: UInt64
        var bytes: [UInt8]
    }

    private struct FileState {
        /// Content at the last sync.
        var durable: [UInt8]
        /// The last write since then.
        var lastWrite: Unsynced?
        /// Whether the name is in a synced directory.
        var entryDurable: Bool
        /// Whether the name was removed (or renamed away) since its directory was last synced.
        var removed = false
        /// What the name held durably before a rename replaced it.
        var replaced: [UInt8]?
    }

    private let base = PosixFileSystem()
    private var files: [String: FileState] = [:]
    private var fdPaths: [Int32: String] = [:]
    /// Mutating operations performed so far.
    public private(set) var operations = 0
    /// When set, the power fails at operation `cutAfterOperations + 1`.
    public var cutAfterOperations: Int?
    /// When set, the power fails right after the first `sync` of the file at this path
    /// returns (that file's content is durable; every later mutating operation fails).
    public var cutAfterSyncOf: String?
    /// Whether the power has failed (every mutating operation now throws `EIO`).
    public private(set) var isDead = false
    /// Whether `sync` and `syncDirectory` also reach the real disk. Off by default: the cut
    /// model decides what is durable, and skipping real fsyncs keeps long seeded loops fast.
    public var performsRealSyncs = false

    /// Creates a power-cut file system.
    /// - Parameter cutAfterOperations: let this many mutating operations succeed, then fail all; nil for never.
    public init(cutAfterOperations: Int? = nil) {
        self.cutAfterOperations = cutAfterOperations
    }

    /// Counts a mutating operation; returns false (do nothing and throw) when the power is off.
    /// For a write, `performAnyway` lets the dying operation reach the disk before the failure.
    private func tick(_ op: String, _ path: String, performAnyway: Bool = false) throws -> Bool {
        if isDead { throw SystemCallError(op, path: path, errno: EIO) }
        operations += 1
        if let n = cutAfterOperations, operations > n {
            isDead = true
            if performAnyway { return true }
            throw SystemCallError(op, path: path, errno: EIO)
        }
        return false
    }

    private func dir(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let p = String(path[..<slash])
        return p.isEmpty ? "/" : p
    }

    private func readWhole(_ path: String) -> [UInt8] {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { _ = Glibc.close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += chunk[..<n]
        }
        return out
    }

    /// Starts tracking a path that already exists on disk (as durable).
    private func track(_ path: String) {
        if files[path] == nil, base.exists(path) {
            files[path] = FileState(durable: readWhole(path), lastWrite: nil, entryDurable: true)
        }
    }

    public func open(_ path: String, create: Bool, mode: UInt32) throws -> Int32 {
        let existed = base.exists(path)
        if create, !existed { _ = try tick("open", path) }
        let fd = try base.open(path, create: create, mode: mode)
        fdPaths[fd] = path
        if existed { track(path) } else {
            var state = files[path] ?? FileState(durable: [], lastWrite: nil, entryDurable: false)
            if state.removed { state.replaced = state.entryDurable ? state.durable : state.replaced }
            state.removed = false
            state.entryDurable = false
            state.durable = []
            state.lastWrite = nil
            files[path] = state
        }
        return fd
    }

    public func close(_ fd: Int32) {
        base.close(fd)
        fdPaths[fd] = nil
    }

    public func size(_ fd: Int32) throws -> UInt64 { try base.size(fd) }

    public func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        try base.read(fd, into: buffer, at: offset)
    }

    public func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, at offset: UInt64) throws -> Int {
        let path = fdPaths[fd] ?? "fd \(fd)"
        let dying = try tick("write", path, performAnyway: true)
        let n = try base.write(fd, buffer, at: offset)
        files[path]?.lastWrite = Unsynced(offset: offset, bytes: Array(UnsafeRawBufferPointer(rebasing: buffer[..<n])))
        if dying { throw SystemCallError("write", path: path, errno: EIO) }
        return n
    }

    public func sync(_ fd: Int32) throws {
        let path = fdPaths[fd] ?? "fd \(fd)"
        _ = try tick("fdatasync", path)
        if performsRealSyncs { try base.sync(fd) }
        files[path]?.durable = readWhole(path)
        files[path]?.lastWrite = nil
        if let p = cutAfterSyncOf, p == path { isDead = true }
    }

    public func truncate(_ fd: Int32, to length: UInt64) throws {
        let path = fdPaths[fd] ?? "fd \(fd)"
        _ = try tick("ftruncate", path)
        try base.truncate(fd, to: length)
        if var w = files[path]?.lastWrite {
            if w.offset >= length { files[path]?.lastWrite = nil } else {
                w.bytes = Array(w.bytes.prefix(Int(length - w.offset)))
                files[path]?.lastWrite = w
            }
        }
    }

    public func createDirectory(_ path: String) throws {
        _ = try tick("mkdir", path)
        try base.createDirectory(path)
    }

    public func syncDirectory(_ path: String) throws {
        _ = try tick("fsync", path)
        if performsRealSyncs { try base.syncDirectory(path) }
        for (p, s) in files where dir(p) == path {
            if s.removed { files[p] = nil } else {
                files[p]?.entryDurable = true
                files[p]?.replaced = nil
            }
        }
    }

    public func rename(_ from: String, to: String) throws {
        _ = try tick("rename", from)
        track(from)
        track(to)
        try base.rename(from, to: to)
        var moved = files[from] ?? FileState(durable: [], lastWrite: nil, entryDurable: false)
        if let old = files[to], old.entryDurable, !old.removed { moved.replaced = old.durable } else { moved.replaced = files[to]?.replaced }
        moved.entryDurable = false
        moved.removed = false
        files[to] = moved
        files[from]?.removed = true
    }

    public func remove(_ path: String) throws {
        _ = try tick("unlink", path)
        track(path)
        try base.remove(path)
        files[path]?.removed = true
    }

    public func exists(_ path: String) -> Bool { base.exists(path) }
    public func list(_ path: String) throws -> [String] { try base.list(path) }

    /// Cuts the power: puts every file this file system saw into a state a disk could hold
    /// after losing power now (see the type's description), choosing torn-write lengths with
    /// `seed`. Release the store first; reopen with a fresh ``PosixFileSystem``.
    /// - Returns: one line per file changed, for failure messages.
    @discardableResult
    public func cut(seed: UInt64) -> [String] {
        isDead = true
        var rng = SeededRandom(seed: seed)
        var report: [String] = []
        for path in files.keys.sorted() {
            let s = files[path]!
            if !s.entryDurable {
                if let old = s.replaced {
                    overwrite(path, old)
                    report.append("\(path): rename undone (\(old.count) bytes)")
                } else if base.exists(path) {
                    _ = unlink(path)
                    report.append("\(path): removed (directory entry never synced)")
                }
                continue
            }
            var content = s.durable
            if let w = s.lastWrite, w.offset <= UInt64(content.count), !s.removed {
                let keep = Int.random(in: 0...w.bytes.count, using: &rng)
                let start = Int(w.offset)
                let end = start + keep
                if end > content.count { content += [UInt8](repeating: 0, count: end - content.count) }
                content.replaceSubrange(start..<end, with: w.bytes[..<keep])
                report.append("\(path): kept \(keep) of \(w.bytes.count) unsynced bytes at \(w.offset)")
            }
            let current = readWhole(path)
            if current != content || s.removed {
                overwrite(path, content)
                report.append("\(path): \(current.count) → \(content.count) bytes")
            }
        }
        files = [:]
        return report
    }

    private func overwrite(_ path: String, _ bytes: [UInt8]) {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { _ = Glibc.close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n <= 0 { return }
            done += n
        }
    }
}

@available(*, unavailable)
extension PowerCutFileSystem: Sendable {}
