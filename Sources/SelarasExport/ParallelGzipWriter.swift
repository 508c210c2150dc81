import CSelarasZlib
import Dispatch
import Foundation
import SelarasCompression

/// Writes one standard gzip file whose deflate blocks are compressed on all cores, as pigz
/// does: the input is cut into pieces, each compressed independently (raw deflate, ended with
/// a sync flush), then concatenated, with a final empty block, the combined CRC-32 and the
/// length. The header has no file name, time stamp 0 and OS byte 255, and piece boundaries
/// depend only on the input (fixed byte counts for ``write(_:)-(UnsafeRawBufferPointer)``,
/// the caller's pieces for ``append(_:)``), so the bytes are the same on every machine,
/// whatever its core count.
public final class ParallelGzipWriter {
    /// One independently compressed piece of the gzip member: raw deflate ending like a sync
    /// flush (byte-aligned, not final), with the CRC-32 and length of its input.
    public struct Block: Sendable {
        /// The raw deflate bytes.
        public let deflated: [UInt8]
        /// CRC-32 of the uncompressed bytes.
        public let crc: UInt32
        /// Uncompressed length.
        public let length: Int

        /// Compresses `input` into a block with libdeflate (``BlockDeflater``; no shared state:
        /// safe on any thread).
        /// - Parameters:
        ///   - input: the uncompressed bytes.
        ///   - level: libdeflate level 0…12.
        /// - Throws: ``ExportError`` `.io` when compression fails.
        /// - Complexity: O(input).
        public init(compressing input: UnsafeRawBufferPointer, level: Int32) throws {
            do {
                deflated = try BlockDeflater(level: level).syncFlushedBlock(input)
            } catch {
                throw ExportError(.io, "compression failed: \(error)")
            }
            crc = BlockDeflater.crc32(0, input)
            length = input.count
        }
    }

    private let file: ExportFile
    private let level: Int32
    private let blockSize: Int
    private var pending: [[UInt8]] = []
    private var current: [UInt8] = []
    private var crc: UInt32 = 0
    private var length: UInt64 = 0
    private let parallelism: Int

    /// Bytes of uncompressed input so far.
    public var uncompressedBytes: UInt64 { length + UInt64(current.count) + pending.reduce(0) { $0 + UInt64($1.count) } }

    /// Creates a writer on a file.
    /// - Parameters:
    ///   - file: the output.
    ///   - level: libdeflate level (6 = its default).
    ///   - blockSize: bytes per independently compressed block.
    public init(file: ExportFile, level: Int32 = 6, blockSize: Int = 256 * 1024) throws {
        self.file = file
        self.level = level
        self.blockSize = blockSize
        parallelism = max(1, ProcessInfo.processInfo.activeProcessorCount)
        current.reserveCapacity(blockSize)
        try file.write([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff])
    }

    /// Appends uncompressed bytes.
    public func write(_ p: UnsafeRawBufferPointer) throws {
        var rest = p
        while !rest.isEmpty {
            let n = min(blockSize - current.count, rest.count)
            current.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<n]))
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
            if current.count == blockSize {
                pending.append(current)
                current = []
                current.reserveCapacity(blockSize)
                if pending.count >= parallelism * 2 { try compressPending() }
            }
        }
    }

    /// Appends UTF-8 text.
    public func write(_ text: String) throws {
        var t = text
        try t.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a block compressed elsewhere (after any bytes given to `write`).
    public func append(_ block: Block) throws {
        if !current.isEmpty { pending.append(current); current = [] }
        if !pending.isEmpty { try compressPending() }
        try file.write(block.deflated)
        crc = cselaras_crc32_combine(crc, block.crc, block.length)  // combine(0, c, n) == c
        length += UInt64(block.length)
    }

    private func compressPending() throws {
        let blocks = pending
        pending = []
        let level = self.level
        let out = try Parallel.map(blocks.count) { i in
            try blocks[i].withUnsafeBytes { try Block(compressing: $0, level: level) }
        }
        for b in out {
            try file.write(b.deflated)
            crc = cselaras_crc32_combine(crc, b.crc, b.length)
            length += UInt64(b.length)
        }
    }

    /// Compresses what is left, writes the final block and the trailer, and closes the file.
    public func finish() throws {
        if !current.isEmpty { pending.append(current); current = [] }
        try compressPending()
        var trailer: [UInt8] = [0x03, 0x00]  // an empty final block (fixed Huffman, BFINAL)
        for i in 0..<4 { trailer.append(UInt8(truncatingIfNeeded: crc >> (UInt32(i) * 8))) }
        for i in 0..<4 { trailer.append(UInt8(truncatingIfNeeded: length >> (UInt64(i) * 8))) }
        try file.write(trailer)
        try file.close()
    }
}

@available(*, unavailable)
extension ParallelGzipWriter: Sendable {}
