#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SelarasLog

/// A ``FileSystem`` that forwards to ``PosixFileSystem`` and injects one configured fault:
/// the k-th `write` or the k-th sync (`sync` or `syncDirectory`) fails with an `errno`, or the
/// k-th write is short (writes a prefix and returns the shorter count, after which the next
/// write fails with `ENOSPC`, as on a file system that just filled up).
///
/// Counting starts at 1 from creation (or the last ``arm(_:)``). With `persistent`, every
/// operation of the same kind after the k-th fails as well (a disk that stays full or broken).
public final class FaultInjectingFileSystem: FileSystem {
    /// What to break.
    public enum Fault: Sendable, Hashable, CustomStringConvertible {
        /// The k-th write throws `errno` (for example `ENOSPC` or `EIO`).
        case failWrite(k: Int, errno: Int32)
        /// The k-th `sync` or `syncDirectory` throws `errno`.
        case failSync(k: Int, errno: Int32)
        /// The k-th write writes only a prefix and returns its length; the next write fails with `ENOSPC`.
        case shortWrite(k: Int)

        /// `write#3 ENOSPC`, `sync#2 EIO`, `short-write#4`.
        public var description: String {
            func name(_ e: Int32) -> String { e == ENOSPC ? "ENOSPC" : e == EIO ? "EIO" : "errno \(e)" }
            switch self {
            case .failWrite(let k, let e): return "write#\(k) \(name(e))"
            case .failSync(let k, let e): return "sync#\(k) \(name(e))"
            case .shortWrite(let k): return "short-write#\(k)"
            }
        }
    }

    private let base = PosixFileSystem()
    private var fault: Fault?
    private var persistent: Bool
    private var failNextWriteWithENOSPC = false
    /// Writes seen since the fault was armed.
    public private(set) var writes = 0
    /// Syncs (file and directory) seen since the fault was armed.
    public private(set) var syncs = 0
    /// How many faults were injected so far.
    public private(set) var injected = 0
    /// Whether syncs that do not fail reach the real disk (`fdatasync`, directory `fsync`).
    /// Tests that never cut the power may turn this off to run faster.
    public var performsRealSyncs = true

    /// Creates a file system with an optional fault.
    /// - Parameters:
    ///   - fault: what to break, or nil for none (arm later).
    ///   - persistent: whether every later operation of the same kind fails too.
    public init(_ fault: Fault? = nil, persistent: Bool = false) {
        self.fault = fault
        self.persistent = persistent
    }

    /// Sets a new fault and restarts the counters.
    public func arm(_ fault: Fault?, persistent: Bool = false) {
        self.fault = fault
        self.persistent = persistent
        writes = 0
        syncs = 0
        failNextWriteWithENOSPC = false
    }

    private func fails(_ count: Int, _ k: Int) -> Bool { count == k || (persistent && count > k) }

    public func open(_ path: String, create: Bool, mode: UInt32) throws -> Int32 {
        try base.open(path, create: create, mode: mode)
    }
    public func close(_ fd: Int32) { base.close(fd) }
    public func size(_ fd: Int32) throws -> UInt64 { try base.size(fd) }
    public func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        try base.read(fd, into: buffer, at: offset)
    }

    public func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, at offset: UInt64) throws -> Int {
        writes += 1
        if failNextWriteWithENOSPC {
            if !persistent { failNextWriteWithENOSPC = false }
            injected += 1
            throw SystemCallError("write", path: "fd \(fd)", errno: ENOSPC)
        }
        switch fault {
        case .failWrite(let k, let e) where fails(writes, k):
            injected += 1
            throw SystemCallError("write", path: "fd \(fd)", errno: e)
        case .shortWrite(let k) where writes == k && buffer.count > 1:
            injected += 1
            failNextWriteWithENOSPC = true
            return try base.write(fd, UnsafeRawBufferPointer(rebasing: buffer[..<(buffer.count / 2)]), at: offset)
        default:
            return try base.write(fd, buffer, at: offset)
        }
    }

    public func sync(_ fd: Int32) throws {
        syncs += 1
        if case .failSync(let k, let e) = fault, fails(syncs, k) {
            injected += 1
            throw SystemCallError("fdatasync", path: "fd \(fd)", errno: e)
        }
        if performsRealSyncs { try base.sync(fd) }
    }

    public func syncDirectory(_ path: String) throws {
        syncs += 1
        if case .failSync(let k, let e) = fault, fails(syncs, k) {
            injected += 1
            throw SystemCallError("fsync", path: path, errno: e)
        }
        if performsRealSyncs { try base.syncDirectory(path) }
    }

    public func truncate(_ fd: Int32, to length: UInt64) throws { try base.truncate(fd, to: length) }
    public func createDirectory(_ path: String) throws { try base.createDirectory(path) }
    public func rename(_ from: String, to: String) throws { try base.rename(from, to: to) }
    public func remove(_ path: String) throws { try base.remove(path) }
    public func exists(_ path: String) -> Bool { base.exists(path) }
    public func list(_ path: String) throws -> [String] { try base.list(path) }
}

@available(*, unavailable)
extension FaultInjectingFileSystem: Sendable {}
