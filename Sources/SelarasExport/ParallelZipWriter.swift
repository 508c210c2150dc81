import CSelarasZlib
import Foundation

/// Streams a zip archive whose entries are deflated on all cores, as ``ParallelGzipWriter``
/// does for gzip: an entry's data is the caller's independently compressed blocks
/// (``ParallelGzipWriter/Block``: raw deflate ending in a sync flush) joined in order and
/// closed by an empty final block, with the combined CRC-32 and sizes in a data descriptor
/// after the data and in the central directory. Entries are written in the order given, with
/// the fixed date 1980-01-01 00:00 and permissions 0644, so the same blocks give the same
/// bytes on every machine. No ZIP64: an entry or archive past 4 GiB, or more than 65,535
/// entries, is refused with an error saying which.
public final class ParallelZipWriter {
    private struct Entry {
        let name: [UInt8]
        let offset: UInt64
        var crc: UInt32 = 0
        var compressed: UInt64 = 0
        var uncompressed: UInt64 = 0
    }

    private let file: ExportFile
    private var entries: [Entry] = []
    private var open: Entry?

    /// Starts an archive in a file.
    public init(file: ExportFile) { self.file = file }

    /// Starts an entry (ending none: call ``endEntry()`` first).
    /// - Parameter name: its path in the archive (UTF-8, `/` separated).
    public func beginEntry(_ name: String) throws {
        precondition(open == nil, "beginEntry while \(String(decoding: open!.name, as: UTF8.self)) is open")
        guard entries.count < 0xFFFF else { throw ExportError(.io, "\(file.path): more than 65,535 zip entries (ZIP64 is not written)") }
        let n = Array(name.utf8)
        guard n.count <= 0xFFFF else { throw ExportError(.io, "\(file.path): zip entry name longer than 65,535 bytes") }
        let entry = Entry(name: n, offset: file.count)
        var h: [UInt8] = []
        Self.put32(&h, 0x0403_4b50)
        Self.put16(&h, 20)      // version needed: 2.0 (deflate)
        Self.put16(&h, 0x0808)  // bit 3: sizes in the data descriptor; bit 11: UTF-8 name
        Self.put16(&h, 8)       // deflate
        Self.put16(&h, 0)       // time 00:00:00
        Self.put16(&h, Self.dosDate)
        Self.put32(&h, 0); Self.put32(&h, 0); Self.put32(&h, 0)  // CRC and sizes: in the descriptor
        Self.put16(&h, UInt16(n.count))
        Self.put16(&h, 0)
        h += n
        try file.write(h)
        open = entry
    }

    /// Appends a compressed block to the open entry.
    public func append(_ block: ParallelGzipWriter.Block) throws {
        guard var e = open else { preconditionFailure("append with no entry open") }
        try file.write(block.deflated)
        e.crc = cselaras_crc32_combine(e.crc, block.crc, block.length)
        e.compressed += UInt64(block.deflated.count)
        e.uncompressed += UInt64(block.length)
        open = e
    }

    /// Ends the open entry: the final empty deflate block and the data descriptor.
    public func endEntry() throws {
        guard var e = open else { preconditionFailure("endEntry with no entry open") }
        try file.write([0x03, 0x00])  // an empty final block (fixed Huffman, BFINAL)
        e.compressed += 2
        guard e.compressed <= 0xFFFF_FFFF, e.uncompressed <= 0xFFFF_FFFF else {
            throw ExportError(.io, "\(file.path): zip entry \(String(decoding: e.name, as: UTF8.self)) is \(e.uncompressed) bytes; entries past 4 GiB need ZIP64, which is not written")
        }
        var d: [UInt8] = []
        Self.put32(&d, 0x0807_4b50)
        Self.put32(&d, e.crc)
        Self.put32(&d, UInt32(e.compressed))
        Self.put32(&d, UInt32(e.uncompressed))
        try file.write(d)
        entries.append(e)
        open = nil
    }

    /// Writes a whole entry from bytes in memory (compressed as one block).
    public func addEntry(_ name: String, _ bytes: [UInt8], level: Int32) throws {
        try beginEntry(name)
        try bytes.withUnsafeBytes { try append(ParallelGzipWriter.Block(compressing: $0, level: level)) }
        try endEntry()
    }

    /// Writes the central directory and its end record, then syncs and closes the file.
    public func finish() throws {
        precondition(open == nil, "finish with an entry open")
        let start = file.count
        var c: [UInt8] = []
        for e in entries {
            guard e.offset <= 0xFFFF_FFFF else { throw ExportError(.io, "\(file.path): the archive passes 4 GiB; ZIP64 is not written") }
            Self.put32(&c, 0x0201_4b50)
            Self.put16(&c, 0x0314)  // made by: Unix, 2.0 (so the permissions below are read)
            Self.put16(&c, 20)
            Self.put16(&c, 0x0808)
            Self.put16(&c, 8)
            Self.put16(&c, 0)
            Self.put16(&c, Self.dosDate)
            Self.put32(&c, e.crc)
            Self.put32(&c, UInt32(e.compressed))
            Self.put32(&c, UInt32(e.uncompressed))
            Self.put16(&c, UInt16(e.name.count))
            Self.put16(&c, 0); Self.put16(&c, 0); Self.put16(&c, 0); Self.put16(&c, 0)  // extra, comment, disk, internal
            Self.put32(&c, UInt32(0o100644) << 16)  // regular file, rw-r--r--
            Self.put32(&c, UInt32(e.offset))
            c += e.name
        }
        let size = UInt64(c.count)
        guard start + size <= 0xFFFF_FFFF else { throw ExportError(.io, "\(file.path): the archive passes 4 GiB; ZIP64 is not written") }
        Self.put32(&c, 0x0605_4b50)
        Self.put16(&c, 0); Self.put16(&c, 0)
        Self.put16(&c, UInt16(entries.count)); Self.put16(&c, UInt16(entries.count))
        Self.put32(&c, UInt32(size))
        Self.put32(&c, UInt32(start))
        Self.put16(&c, 0)
        try file.write(c)
        try file.close()
    }

    /// 1980-01-01 in MS-DOS date form (year − 1980 << 9 | month << 5 | day).
    static let dosDate: UInt16 = 1 << 5 | 1

    private static func put16(_ b: inout [UInt8], _ v: UInt16) { b.append(UInt8(v & 0xff)); b.append(UInt8(v >> 8)) }
    private static func put32(_ b: inout [UInt8], _ v: UInt32) { for i in 0..<4 { b.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
}

@available(*, unavailable)
extension ParallelZipWriter: Sendable {}
