/// The file operations the store uses: the seam through which tests inject faults
/// (failing the k-th write or fsync, short writes) and simulate power cuts.
///
/// Conformers are used by one store on one thread; they need not be `Sendable`.
/// Every call that can fail throws ``SystemCallError``.
public protocol FileSystem: AnyObject {
    /// Opens a file for reading and writing; creates it (mode `mode`) when `create` is true.
    func open(_ path: String, create: Bool, mode: UInt32) throws -> Int32
    /// Closes a descriptor.
    func close(_ fd: Int32)
    /// The file's size in bytes.
    func size(_ fd: Int32) throws -> UInt64
    /// Reads up to `buffer.count` bytes at `offset`; returns the count read (0 at end of file).
    func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int
    /// Writes at `offset`; may write fewer bytes than asked (a short write) and returns how many.
    func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, at offset: UInt64) throws -> Int
    /// Makes the file's data durable (`fdatasync`).
    func sync(_ fd: Int32) throws
    /// Cuts the file to `length` bytes.
    func truncate(_ fd: Int32, to length: UInt64) throws
    /// Creates a directory (mode 0700).
    func createDirectory(_ path: String) throws
    /// Makes a directory's entries durable (fsync on the directory).
    func syncDirectory(_ path: String) throws
    /// Renames atomically.
    func rename(_ from: String, to: String) throws
    /// Removes a file.
    func remove(_ path: String) throws
    /// Whether a path exists.
    func exists(_ path: String) -> Bool
    /// The names in a directory (not `.` or `..`).
    func list(_ path: String) throws -> [String]
}

extension FileSystem {
    /// Writes all of `bytes` at `offset`, continuing after short writes.
    /// - Throws: ``SystemCallError`` from the first failing call.
    public func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: UInt64, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = try write(fd, UnsafeRawBufferPointer(rebasing: bytes[done...]), at: offset + UInt64(done))
            if n <= 0 { throw SystemCallError("write", path: path, errno: 5) }
            done += n
        }
    }

    /// Reads exactly `count` bytes at `offset`, or fewer at end of file.
    public func readBytes(_ fd: Int32, count: Int, at offset: UInt64) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        try out.withUnsafeMutableBytes { p in
            while got < count {
                let n = try read(fd, into: UnsafeMutableRawBufferPointer(rebasing: p[got...]), at: offset + UInt64(got))
                if n == 0 { break }
                got += n
            }
        }
        out.removeLast(count - got)
        return out
    }

    /// Replaces a whole small file durably: writes a temporary file, fsyncs it, renames it
    /// over `path` and fsyncs the directory. When it fails before the rename, the temporary
    /// file is removed and `path` is unchanged.
    public func writeFileAtomically(_ path: String, _ bytes: [UInt8], mode: UInt32 = 0o644) throws {
        let tmp = path + ".tmp"
        if exists(tmp) { try remove(tmp) }
        let fd = try open(tmp, create: true, mode: mode)
        do {
            defer { close(fd) }
            try bytes.withUnsafeBytes { try writeAll(fd, $0, at: 0, path: tmp) }
            try sync(fd)
            try rename(tmp, to: path)
        } catch {
            // A full disk or a failed sync leaves no half-written temporary file behind.
            try? remove(tmp)
            throw error
        }
        try syncDirectory(parentDirectory(of: path))
    }

    /// Reads a whole small file.
    public func readFile(_ path: String) throws -> [UInt8] {
        let fd = try open(path, create: false, mode: 0)
        defer { close(fd) }
        return try readBytes(fd, count: Int(try size(fd)), at: 0)
    }
}

/// The directory part of a path (`.` when there is none).
func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let p = String(path[..<slash])
    return p.isEmpty ? "/" : p
}
