import SelarasModel

/// The undo record of an atomic batch (file `STORE/batch.journal`): what the store looked like
/// before the batch, so that a batch cut short by a crash can be taken back whole.
///
/// The file is kept and rewritten in place (no temporary file, rename or directory sync per
/// batch): before the batch changes anything its record is written at offset 0 and made durable
/// (fdatasync); once every change is durable the file is overwritten with zeros and made durable
/// — that clearing is the batch's commit point (the whole file, so that a later record torn after
/// its first bytes can never complete an earlier record's body into one whose CRC matches). When the store is opened, only a whole record
/// (magic, version, length within the file, CRC-32) means a batch that never committed, and
/// ``undo(in:fs:)`` truncates every listed file back to its recorded length and removes every
/// name a watched directory did not hold. Anything else — an empty file, a cleared magic, a
/// record cut short or failing its CRC — is a record whose write or whose clearing a power cut
/// tore: the batch had either not yet changed anything or had already made everything durable,
/// so nothing is taken back. (Version 1 records, written whole by rename by earlier versions,
/// are still read, strictly.)
///
/// ```
/// magic "SLRSJRNL", version u8 = 2, u32 body length
/// body: varint files; per file: varint path length, path (UTF-8, relative), u64 length before
///       varint dirs;  per dir:  varint path length, path; varint names; per name: varint length, name
///       varint saved; per file: varint path length, path; u8 present (0/1); if 1: varint length, content
/// u32 CRC-32 of everything before; any bytes after it are left over from a longer earlier record
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
    static let version: UInt8 = 2
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

    /// The bytes on disk (version 2).
    var encoded: [UInt8] {
        var body = BinaryWriter(capacity: 64 + files.count * 48)
        body.varint(UInt64(files.count))
        for f in files { body.string(f.path); body.u64(f.length) }
        body.varint(UInt64(directories.count))
        for d in directories {
            body.string(d.path)
            body.varint(UInt64(d.names.count))
            for n in d.names { body.string(n) }
        }
        body.varint(UInt64(saved.count))
        for f in saved {
            body.string(f.path)
            if let c = f.content {
                body.u8(1)
                body.varint(UInt64(c.count))
                body.raw(c)
            } else {
                body.u8(0)
            }
        }
        var w = BinaryWriter(capacity: body.bytes.count + 17)
        w.raw(Self.magic)
        w.u8(Self.version)
        w.u32(UInt32(body.bytes.count))
        w.raw(body.bytes)
        let crc = w.bytes.withUnsafeBytes { Frame.crc32($0) }
        w.u32(crc)
        return w.bytes
    }

    /// Reads the journal file: the undo record of a batch that never committed, or nil when the
    /// file opens no batch (empty, cleared, or a version-2 record a power cut tore).
    /// - Throws: ``StoreError`` `.corrupt` naming the file and what is wrong, for a whole record
    ///   (its CRC-32 matches) whose entries are damaged, and for any damaged version-1 record.
    static func read(_ bytes: [UInt8], path: String) throws -> BatchJournal? {
        func damaged(_ what: String) -> StoreError {
            StoreError(.corrupt, "\(path) (the undo record of an interrupted import) is damaged: \(what); the store was not changed")
        }
        let header = Self.magic.count + 1
        guard bytes.count >= header, Array(bytes.prefix(Self.magic.count)) == Self.magic else { return nil }
        func crc(_ range: Range<Int>) -> UInt32 { bytes[range].withUnsafeBytes { Frame.crc32($0) } }
        func u32(at offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        }
        switch bytes[Self.magic.count] {
        case 1:
            // Written whole (temporary file and rename): any damage is damage.
            guard bytes.count >= header + 4 else { throw damaged("\(bytes.count) bytes, at least 13 expected") }
            guard crc(0..<bytes.count - 4) == u32(at: bytes.count - 4) else { throw damaged("its CRC-32 does not match") }
            return try entries(bytes[header..<bytes.count - 4], damaged)
        case 2:
            guard bytes.count >= header + 4 else { return nil }
            let length = UInt64(u32(at: header))
            guard UInt64(header + 4) + length + 4 <= UInt64(bytes.count) else { return nil }
            let end = header + 4 + Int(length)
            guard crc(0..<end) == u32(at: end) else { return nil }
            return try entries(bytes[(header + 4)..<end], damaged)
        case let v:
            throw damaged("version \(v), only 1 and 2 are known")
        }
    }

    /// Reads the entries of a record's body.
    private static func entries(_ body: ArraySlice<UInt8>, _ damaged: (String) -> StoreError) throws -> BatchJournal {
        try body.withUnsafeBytes { p throws -> BatchJournal in
            var r = BinaryReader(p)
            var j = BatchJournal()
            do {
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
