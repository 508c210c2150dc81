#if canImport(Glibc)
import Glibc
#endif
import Crypto

/// Writes an uncompressed POSIX ustar archive of files (mode 0644, time 0, so the same files
/// give the same bytes), hashing it as it goes.
///
/// Hand-written (about 50 lines) because no tar library is among the machine's packages, and
/// multi-file exports only need plain regular-file members.
enum TarWriter {
    /// Writes the archive.
    /// - Parameters:
    ///   - files: (name in the archive, at most 100 bytes; path on disk).
    ///   - path: the archive to write.
    /// - Returns: its size and SHA-256.
    static func write(files: [(name: String, path: String)], to path: String) throws -> (bytes: UInt64, sha256: [UInt8]) {
        let out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard out >= 0 else { throw HubError.io("could not create \(path) (errno \(errno))") }
        defer { close(out) }
        var hasher = SHA256()
        var total: UInt64 = 0
        func emit(_ bytes: UnsafeRawBufferPointer) throws {
            var done = 0
            while done < bytes.count {
                let n = Glibc.write(out, bytes.baseAddress! + done, bytes.count - done)
                guard n > 0 else { throw HubError.io("could not write \(path) (errno \(errno))") }
                done += n
            }
            hasher.update(bufferPointer: bytes)
            total += UInt64(bytes.count)
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        for file in files {
            let fd = open(file.path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw HubError.io("could not read \(file.path) (errno \(errno))") }
            defer { close(fd) }
            var st = stat()
            fstat(fd, &st)
            let size = UInt64(st.st_size)
            try header(name: file.name, size: size).withUnsafeBytes { try emit($0) }
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                guard n >= 0 else { throw HubError.io("could not read \(file.path) (errno \(errno))") }
                if n == 0 { break }
                try buffer.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            }
            let pad = Int((512 - size % 512) % 512)
            try [UInt8](repeating: 0, count: pad).withUnsafeBytes { try emit($0) }
        }
        try [UInt8](repeating: 0, count: 1024).withUnsafeBytes { try emit($0) }
        return (total, Array(hasher.finalize()))
    }

    /// A 512-byte ustar header for a regular file.
    static func header(name: String, size: UInt64) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ s: String, at offset: Int, width: Int) {
            for (i, b) in s.utf8.prefix(width).enumerated() { h[offset + i] = b }
        }
        func octal(_ v: UInt64, at offset: Int, width: Int) {
            let s = String(v, radix: 8)
            put(String(repeating: "0", count: max(0, width - 1 - s.count)) + s, at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(0o644, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(0, at: 136, width: 12)
        put("        ", at: 148, width: 8)
        h[156] = UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        let sum = h.reduce(0) { $0 + UInt64($1) }
        octal(sum, at: 148, width: 7)
        h[155] = UInt8(ascii: " ")
        return h
    }
}
