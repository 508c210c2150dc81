import SelarasLog

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Reads a file front to back through one buffer, for files that must not be held whole
/// (waiting runs in the pending area). Not thread-safe; one reader, one file descriptor.
final class SequentialFileReader {
    private let fs: FileSystem
    private let fd: Int32
    /// The file's size when opened.
    let size: UInt64
    /// The file offset of the next unconsumed byte.
    private(set) var position: UInt64
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0

    /// Opens `path` for reading from `offset`.
    /// - Throws: ``SystemCallError`` when it cannot be opened.
    init(fs: FileSystem, path: String, from offset: UInt64 = 0, chunk: Int = 1 << 20) throws {
        self.fs = fs
        fd = try fs.open(path, create: false, mode: 0)
        do { size = try fs.size(fd) } catch { fs.close(fd); throw error }
        position = offset
        buffer = [UInt8](repeating: 0, count: chunk)
    }

    deinit { fs.close(fd) }

    /// Makes `n` bytes from the current position available in the buffer.
    /// - Returns: false when the file ends first.
    /// - Throws: ``SystemCallError`` from a failing read.
    func ensure(_ n: Int) throws -> Bool {
        if end - start >= n { return true }
        let held = end - start
        if start > 0 {
            buffer.withUnsafeMutableBytes { p in _ = memmove(p.baseAddress!, p.baseAddress! + start, held) }
            start = 0
            end = held
        }
        if n > buffer.count { buffer.append(contentsOf: repeatElement(0, count: n - buffer.count)) }
        while end < n {
            let fileOffset = position + UInt64(end)
            let got = try buffer.withUnsafeMutableBytes { p in
                try fs.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: p[end...]), at: fileOffset)
            }
            if got == 0 { return false }
            end += got
        }
        return true
    }

    /// Looks at the available bytes without consuming them (call ``ensure(_:)`` first).
    func peek<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Consumes `n` available bytes (``ensure(_:)`` must have returned true for `n`); `body`
    /// sees them, valid only during the call.
    func take<T>(_ n: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        precondition(end - start >= n, "take(\(n)) beyond what ensure() made available")
        let result = try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<(start + n)])) }
        start += n
        position += UInt64(n)
        return result
    }
}
