import CSelarasZlib

/// Streaming zlib/gzip decompression with a limit on the output size (so a small hostile
/// input cannot expand without bound). Owns a heap-allocated `z_stream`.
public final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var chunk = [UInt8](repeating: 0, count: 256 * 1024)
    /// Whether the end of the compressed stream was reached.
    public private(set) var isFinished = false
    /// Bytes produced so far.
    public private(set) var totalOut = 0
    private let limit: Int

    /// Creates a decompressor.
    /// - Parameters:
    ///   - format: `.zlib`, `.gzip` or `.raw` (as for ``Deflater``).
    ///   - limit: the most bytes it will produce before failing.
    public init(format: Deflater.Format = .zlib, limit: Int = 1 << 34) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        self.limit = limit
        let bits: Int32 = switch format { case .zlib: 15; case .gzip: 31; case .raw: -15 }
        let rc = cselaras_inflateInit2(stream, bits)
        guard rc == Z_OK else {
            stream.deallocate()
            throw CompressionError(code: rc, "zlib refused inflateInit2 (code \(rc))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Decompresses `input`, passing output to `sink`.
    /// - Throws: ``CompressionError`` for corrupt data, data after the end, or output beyond the limit.
    public func decompress(_ input: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard input.count > 0 else { return }
        guard !isFinished else { throw CompressionError(code: -3, "data follows the end of the compressed stream") }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(input.count)
        let size = chunk.count
        try chunk.withUnsafeMutableBytes { out in
            repeat {
                stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.pointee.avail_out = UInt32(size)
                let rc = inflate(stream, Z_NO_FLUSH)
                guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                    throw CompressionError(code: rc, "the compressed data is corrupt (zlib code \(rc))")
                }
                let produced = size - Int(stream.pointee.avail_out)
                totalOut += produced
                guard totalOut <= limit else { throw CompressionError(code: -5, "the data expands beyond \(limit) bytes") }
                if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(out)[0..<produced])) }
                if rc == Z_STREAM_END {
                    isFinished = true
                    guard stream.pointee.avail_in == 0 else { throw CompressionError(code: -3, "data follows the end of the compressed stream") }
                    break
                }
                if rc == Z_BUF_ERROR && stream.pointee.avail_in == 0 { break }
            } while stream.pointee.avail_in > 0 || stream.pointee.avail_out == 0
        }
    }

    /// Decompresses a whole buffer at once.
    /// - Throws: ``CompressionError``, including when the stream is cut short.
    public static func decompress(_ input: [UInt8], format: Deflater.Format = .zlib, limit: Int = 1 << 34) throws -> [UInt8] {
        let i = try Inflater(format: format, limit: limit)
        var out: [UInt8] = []
        try input.withUnsafeBytes { try i.decompress($0) { out.append(contentsOf: $0) } }
        guard i.isFinished else { throw CompressionError(code: -5, "the compressed data is cut short") }
        return out
    }
}

@available(*, unavailable)
extension Inflater: Sendable {}
