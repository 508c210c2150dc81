#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real file system through POSIX calls (`pwrite`, `fdatasync`, `ftruncate`, …).
public final class PosixFileSystem: FileSystem {
    private var paths: [Int32: String] = [:]

    /// Creates the real file system.
    public init() {}

    private func path(_ fd: Int32) -> String { paths[fd] ?? "fd \(fd)" }

    public func open(_ path: String, create: Bool, mode: UInt32) throws -> Int32 {
        let flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0)
        let fd = Glibc.open(path, flags, mode_t(mode))
        guard fd >= 0 else { throw SystemCallError("open", path: path, errno: errno) }
        paths[fd] = path
        return fd
    }

    public func close(_ fd: Int32) {
        _ = Glibc.close(fd)
        paths[fd] = nil
    }

    public func size(_ fd: Int32) throws -> UInt64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SystemCallError("fstat", path: path(fd), errno: errno) }
        return UInt64(st.st_size)
    }

    public func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        while true {
            let n = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw SystemCallError("read", path: path(fd), errno: errno)
        }
    }

    public func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, at offset: UInt64) throws -> Int {
        while true {
            let n = pwrite(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw SystemCallError("write", path: path(fd), errno: errno)
        }
    }

    public func sync(_ fd: Int32) throws {
        guard fdatasync(fd) == 0 else { throw SystemCallError("fdatasync", path: path(fd), errno: errno) }
    }

    public func truncate(_ fd: Int32, to length: UInt64) throws {
        guard ftruncate(fd, off_t(length)) == 0 else { throw SystemCallError("ftruncate", path: path(fd), errno: errno) }
    }

    public func createDirectory(_ path: String) throws {
        guard mkdir(path, 0o700) == 0 else { throw SystemCallError("mkdir", path: path, errno: errno) }
    }

    public func syncDirectory(_ path: String) throws {
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError("open", path: path, errno: errno) }
        defer { _ = Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw SystemCallError("fsync", path: path, errno: errno) }
    }

    public func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw SystemCallError("rename", path: from, errno: errno) }
    }

    public func remove(_ path: String) throws {
        guard unlink(path) == 0 else { throw SystemCallError("unlink", path: path, errno: errno) }
    }

    public func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public func list(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw SystemCallError("opendir", path: path, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

@available(*, unavailable)
extension PosixFileSystem: Sendable {}
