import CSelarasZlib
import Dispatch
import Foundation
import SelarasCompression

/// Writes one standard gzip file whose deflate blocks are compressed on all cores, as pigz
/// does: the input is cut into fixed-size blocks, each compressed independently (raw deflate,
/// ended with a sync flush), then concatenated, with a final empty block, the combined CRC-32
/// and the length. The header has no file name, time stamp 0 and OS byte 255, and block
/// boundaries depend only on the input, so the bytes are the same on every machine.
public final class ParallelGzipWriter {
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
    ///   - level: zlib level (6 = gzip's default).
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

    private func compressPending() throws {
        let blocks = pending
        pending = []
        nonisolated(unsafe) var outputs = [[UInt8]](repeating: [], count: blocks.count)
        nonisolated(unsafe) var crcs = [UInt32](repeating: 0, count: blocks.count)
        nonisolated(unsafe) var failure: (any Error)?
        let level = self.level
        outputs.withUnsafeMutableBufferPointer { out in
            crcs.withUnsafeMutableBufferPointer { c in
                nonisolated(unsafe) let out = out
                nonisolated(unsafe) let c = c
                DispatchQueue.concurrentPerform(iterations: blocks.count) { i in
                    do {
                        out[i] = try Self.deflateBlock(blocks[i], level: level)
                        c[i] = blocks[i].withUnsafeBytes { cselaras_crc32(0, $0.baseAddress, $0.count) }
                    } catch { failure = error }
                }
            }
        }
        if let failure { throw ExportError(.io, "compression failed: \(failure)") }
        for (i, b) in blocks.enumerated() {
            try file.write(outputs[i])
            crc = cselaras_crc32_combine(crc, crcs[i], b.count)  // combine(0, c, n) == c
            length += UInt64(b.count)
        }
    }

    static func deflateBlock(_ block: [UInt8], level: Int32) throws -> [UInt8] {
        let d = try Deflater(level: level, format: .raw)
        var out: [UInt8] = []
        out.reserveCapacity(block.count / 2)
        try d.compress(block) { out.append(contentsOf: $0) }
        try d.flushSync { out.append(contentsOf: $0) }
        return out
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
