import SelarasModel

/// The undo record of an atomic batch (file `STORE/batch.journal`): what the store looked like
/// before the batch, so that a batch cut short by a crash can be taken back whole.
///
/// Written and made durable (temporary file, fsync, rename, directory fsync) before the batch
/// changes anything; removed (and the directory synced) once every change is durable — that
/// removal is the batch's commit point. A journal found when the store is opened therefore
/// belongs to a batch that never committed: ``undo(in:fs:)`` truncates every listed file back
/// to its recorded length and removes every name a watched directory did not hold.
///
/// ```
/// magic "SLRSJRNL", version u8 = 1
/// varint files; per file: varint path length, path (UTF-8, relative), u64 length before
/// varint dirs;  per dir:  varint path length, path; varint names; per name: varint length, name
/// varint saved; per file: varint path length, path; u8 present (0/1); if 1: varint length, content
/// u32 CRC-32 of everything before
/// ```
/// Only SelarasLog reads this layout; every number in it is checked against the bytes left.
struct BatchJournal: Sendable, Equatable {
    /// A file and its length before the batch (append-only files: logs, indexes, ledgers).
    struct FileLength: Sendable, Equatable {
        /// Path relative to the store directory.
        var path: String
        /// Length before the batch.
        var length: UInt64
    }

    /// A directory and the names it held before the batch (names added by the batch are removed on undo).
    struct DirectoryNames: Sendable, Equatable {
        /// Path relative to the store directory.
        var path: String
        /// Names present before the batch.
        var names: [String]
    }

    /// The journal's file name in the store directory.
    static let fileName = "batch.journal"
    static let magic: [UInt8] = Array("SLRSJRNL".utf8)
    static let version: UInt8 = 1
    /// Longest relative path or name accepted when reading.
    static let maxPath = 4096

    /// A small file the batch rewrites whole, and what it held before (nil: it did not exist).
    struct SavedFile: Sendable, Equatable {
        /// Path relative to the store directory.
        var path: String
        /// Content before the batch, or nil when there was no such file.
        var content: [UInt8]?
    }

    /// Append-only files and their lengths before the batch.
    var files: [FileLength] = []
    /// Small files the batch rewrites, with their content before it.
    var saved: [SavedFile] = []
    /// Watched directories and their names before the batch.
    var directories: [DirectoryNames] = []

    /// The bytes on disk.
    var encoded: [UInt8] {
        var w = BinaryWriter(capacity: 64 + files.count * 48)
        w.raw(Self.magic)
        w.u8(Self.version)
        w.varint(UInt64(files.count))
        for f in files { w.string(f.path); w.u64(f.length) }
        w.varint(UInt64(directories.count))
        for d in directories {
            w.string(d.path)
            w.varint(UInt64(d.names.count))
            for n in d.names { w.string(n) }
        }
        w.varint(UInt64(saved.count))
        for f in saved {
            w.string(f.path)
            if let c = f.content {
                w.u8(1)
                w.varint(UInt64(c.count))
                w.raw(c)
            } else {
                w.u8(0)
            }
        }
        let crc = w.bytes.withUnsafeBytes { Frame.crc32($0) }
        w.u32(crc)
        return w.bytes
    }

    /// Reads a journal, checking its magic, version, checksum, every count and every path.
    /// - Throws: ``StoreError`` `.corrupt` naming the file and what is wrong.
    static func decode(_ bytes: [UInt8], path: String) throws -> BatchJournal {
        func damaged(_ what: String) -> StoreError {
            StoreError(.corrupt, "\(path) (the undo record of an interrupted import) is damaged: \(what); the store was not changed")
        }
        guard bytes.count >= Self.magic.count + 1 + 4 else { throw damaged("\(bytes.count) bytes, at least 13 expected") }
        guard Array(bytes.prefix(Self.magic.count)) == Self.magic else { throw damaged("it does not start with SLRSJRNL") }
        let stored = bytes.suffix(4).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        let body = bytes.dropLast(4)
        guard body.withUnsafeBytes({ Frame.crc32($0) }) == stored else { throw damaged("its CRC-32 does not match") }
        return try Array(body).withUnsafeBytes { p throws -> BatchJournal in
            var r = BinaryReader(UnsafeRawBufferPointer(rebasing: p[Self.magic.count...]))
            var j = BatchJournal()
            do {
                let v = try r.u8()
                guard v == Self.version else { throw damaged("version \(v), only 1 is known") }
                // Each entry takes at least 2 bytes, so a count above the bytes left is a lie.
                let fileCount = try r.varint()
                guard fileCount <= UInt64(p.count) else { throw damaged("it claims \(fileCount) files in \(p.count) bytes") }
                for _ in 0..<Int(fileCount) {
                    let rel = try checkedPath(try r.string(maxLength: maxPath), damaged)
                    j.files.append(FileLength(path: rel, length: try r.u64()))
                }
                let dirCount = try r.varint()
                guard dirCount <= UInt64(p.count) else { throw damaged("it claims \(dirCount) directories in \(p.count) bytes") }
                for _ in 0..<Int(dirCount) {
                    let rel = try checkedPath(try r.string(maxLength: maxPath), damaged)
                    let nameCount = try r.varint()
                    guard nameCount <= UInt64(p.count) else { throw damaged("it claims \(nameCount) names in \(rel) in \(p.count) bytes") }
                    var names: [String] = []
                    for _ in 0..<Int(nameCount) {
                        let n = try r.string(maxLength: maxPath)
                        guard !n.isEmpty, !n.contains("/"), n != ".", n != ".." else { throw damaged("name '\(n)' in \(rel) is not a file name") }
                        names.append(n)
                    }
                    j.directories.append(DirectoryNames(path: rel, names: names))
                }
                let savedCount = try r.varint()
                guard savedCount <= UInt64(p.count) else { throw damaged("it claims \(savedCount) saved files in \(p.count) bytes") }
                for _ in 0..<Int(savedCount) {
                    let rel = try checkedPath(try r.string(maxLength: maxPath), damaged)
                    switch try r.u8() {
                    case 0: j.saved.append(SavedFile(path: rel, content: nil))
                    case 1:
                        let n = try r.varint()
                        guard n <= UInt64(p.count) else { throw damaged("the saved copy of \(rel) claims \(n) bytes in \(p.count)") }
                        j.saved.append(SavedFile(path: rel, content: Array(try r.bytes(Int(n)))))
                    case let other: throw damaged("saved file \(rel) has presence flag \(other), 0 or 1 expected")
                    }
                }
                guard r.remaining == 0 else { throw damaged("bytes follow the last entry") }
            } catch let e as ModelError {
                throw damaged(e.message)
            }
            return j
        }
    }

    /// A relative path inside the store: not empty, not absolute, no `.` or `..` part.
    private static func checkedPath(_ s: String, _ damaged: (String) -> StoreError) throws -> String {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard !s.isEmpty, !s.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw damaged("path '\(s)' does not stay inside the store")
        }
        return s
    }

    /// Takes the batch back: truncates each listed file that grew back to its recorded length,
    /// removes the names each watched directory gained, and syncs what it changed.
    /// Idempotent: running it again (after a crash during it) changes nothing more.
    /// - Returns: per changed path (relative), bytes removed, or nil when the file was removed.
    @discardableResult
    func undo(in directory: String, fs: FileSystem) throws -> [(path: String, bytesRemoved: UInt64?)] {
        var changed: [(path: String, bytesRemoved: UInt64?)] = []
        for d in directories {
            let dir = directory + "/" + d.path
            guard fs.exists(dir) else { continue }
            let keep = Set(d.names)
            var removed = false
            for name in try fs.list(dir).sorted() where !keep.contains(name) {
                try fs.remove(dir + "/" + name)
                changed.append((d.path + "/" + name, nil))
                removed = true
            }
            if removed { try fs.syncDirectory(dir) }
        }
        for f in files {
            let path = directory + "/" + f.path
            guard fs.exists(path) else { continue }
            let fd = try fs.open(path, create: false, mode: 0)
            defer { fs.close(fd) }
            let size = try fs.size(fd)
            guard size > f.length else { continue }
            try fs.truncate(fd, to: f.length)
            try fs.sync(fd)
            changed.append((f.path, size - f.length))
        }
        for f in saved {
            let path = directory + "/" + f.path
            if let content = f.content {
                let current: [UInt8]? = fs.exists(path) ? try fs.readFile(path) : nil
                if current != content {
                    try fs.writeFileAtomically(path, content)
                    changed.append((f.path, nil))
                }
            } else if fs.exists(path) {
                try fs.remove(path)
                try fs.syncDirectory(parentDirectory(of: path))
                changed.append((f.path, nil))
            }
        }
        return changed
    }
}
