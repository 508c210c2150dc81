import CSelarasZlib

/// Streaming zlib compression. Owns a heap-allocated `z_stream` (zlib keeps pointers into it,
/// so it must never move) and frees it on deinit.
public final class Deflater {
    /// The container around the deflate data.
    public enum Format: Sendable {
        /// zlib (RFC 1950), used inside bundles.
        case zlib
        /// gzip (RFC 1952) with no file name, no time stamp and a fixed OS byte (255), so the
        /// same input gives the same bytes everywhere.
        case gzip
        /// Raw deflate (RFC 1951).
        case raw
    }

    private let stream: UnsafeMutablePointer<z_stream>
    /// The gzip header zlib writes from (it keeps the pointer until the header is out, so it
    /// lives on the heap as long as the stream; nil for zlib and raw).
    private let gzipHeader: UnsafeMutablePointer<gz_header>?
    private var finished = false
    private var chunk = [UInt8](repeating: 0, count: 256 * 1024)

    /// Creates a compressor.
    /// - Parameters:
    ///   - level: 0…9 (6 is zlib's and gzip's default).
    ///   - format: the container.
    /// - Throws: ``CompressionError`` when zlib refuses the parameters.
    public init(level: Int32 = 6, format: Format = .zlib) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let bits: Int32 = switch format { case .zlib: 15; case .gzip: 31; case .raw: -15 }
        let rc = cselaras_deflateInit2(stream, level, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY)
        guard rc == Z_OK else {
            stream.deallocate()
            throw CompressionError(code: rc, "zlib refused deflateInit2 (code \(rc))")
        }
        if format == .gzip {
            // A gzip header with mtime 0 and OS 255 ("unknown"): deterministic bytes. zlib reads
            // it when the first output is made, not now: a header on the stack here would be gone
            // by then (and zlib would write whatever replaced it: flags, name, extra field).
            let header = UnsafeMutablePointer<gz_header>.allocate(capacity: 1)
            header.initialize(to: gz_header())
            header.pointee.os = 255
            header.pointee.time = 0
            _ = deflateSetHeader(stream, header)
            gzipHeader = header
        } else {
            gzipHeader = nil
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        gzipHeader?.deallocate()
    }

    /// Compresses `input`, passing compressed output to `sink` as it is produced.
    /// - Complexity: O(input).
    public func compress(_ input: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(!finished, "compress after finish")
        guard input.count > 0 else { return }
        try run(input, flush: Z_NO_FLUSH, sink)
    }

    /// Compresses a byte array.
    public func compress(_ input: [UInt8], _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try input.withUnsafeBytes { try compress($0, sink) }
    }

    /// Ends the stream, passing the remaining output to `sink`.
    public func finish(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !finished else { return }
        finished = true
        try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, sink)
    }

    func runFlush(_ flush: Int32, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: flush, sink)
    }

    private func run(_ input: UnsafeRawBufferPointer, flush: Int32, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(input.count)
        let size = chunk.count
        try chunk.withUnsafeMutableBytes { out in
            repeat {
                stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.pointee.avail_out = UInt32(size)
                let rc = deflate(stream, flush)
                guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                    throw CompressionError(code: rc, "zlib deflate failed (code \(rc))")
                }
                let produced = size - Int(stream.pointee.avail_out)
                if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(out)[0..<produced])) }
                if rc == Z_STREAM_END { break }
            } while stream.pointee.avail_out == 0 || flush == Z_FINISH
        }
    }

    /// Compresses a whole buffer at once.
    public static func compress(_ input: [UInt8], level: Int32 = 6, format: Format = .zlib) throws -> [UInt8] {
        let d = try Deflater(level: level, format: format)
        var out: [UInt8] = []
        try d.compress(input) { out.append(contentsOf: $0) }
        try d.finish { out.append(contentsOf: $0) }
        return out
    }
}

@available(*, unavailable)
extension Deflater: Sendable {}

extension Deflater {
    /// Flushes what was given so far with `Z_SYNC_FLUSH` (ends on a byte boundary, leaves the
    /// stream open): used to build independently compressed blocks that concatenate into one
    /// deflate stream.
    public func flushSync(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try runFlush(Z_SYNC_FLUSH, sink)
    }
}
