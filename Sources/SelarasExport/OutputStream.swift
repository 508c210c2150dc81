#if canImport(Glibc)
import Glibc
#endif

/// A file written sequentially through a buffer, synced and closed by ``close()``.
public final class ExportFile {
    private let fd: Int32
    /// The path.
    public let path: String
    private var buffer: [UInt8] = []
    /// Bytes written.
    public private(set) var count: UInt64 = 0

    /// Creates (truncates) the file.
    /// - Throws: ``ExportError`` `.io`.
    public init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ExportError(.io, "cannot create \(path): \(String(cString: strerror(errno)))") }
        buffer.reserveCapacity(1 << 20)
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    /// Appends bytes.
    public func write(_ p: UnsafeRawBufferPointer) throws {
        count += UInt64(p.count)
        if buffer.count + p.count > 1 << 20 { try flush() }
        if p.count >= 1 << 20 { try writeOut(p) } else { buffer.append(contentsOf: p) }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    /// Appends UTF-8 text.
    public func write(_ text: String) throws {
        var t = text
        try t.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { try writeOut($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeOut(_ p: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < p.count {
            let n = Glibc.write(fd, p.baseAddress! + done, p.count - done)
            guard n > 0 else { throw ExportError(.io, "cannot write \(path): \(String(cString: strerror(errno)))") }
            done += n
        }
    }

    /// Flushes, fsyncs and closes.
    public func close() throws {
        try flush()
        guard fsync(fd) == 0 else { throw ExportError(.io, "cannot sync \(path): \(String(cString: strerror(errno)))") }
    }
}

@available(*, unavailable)
extension ExportFile: Sendable {}
