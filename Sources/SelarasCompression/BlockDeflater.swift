import CSelarasDeflate

/// Whole-buffer compression through libdeflate (Debian's `libdeflate-dev`): about twice zlib's
/// speed at a given size on the exporters' text, and a CRC-32 on the processor's carry-less
/// multiply. Used where a whole piece is in memory anyway: the exporters' independently
/// compressed blocks (``syncFlushedBlock(_:)``, joined into one gzip member or zip entry) and
/// Parquet's GZIP pages (``gzip(_:)``). Streams (bundles) keep zlib's ``Deflater``.
///
/// Owns one libdeflate compressor: not for two threads at once (make one per task).
public final class BlockDeflater {
    private let compressor: OpaquePointer
    /// libdeflate's level, 0…12 (1 fastest; 6 its default; 12 smallest).
    public let level: Int32

    /// Creates a compressor.
    /// - Parameter level: libdeflate's level, 0…12.
    /// - Throws: ``CompressionError`` for a level outside 0…12 or when libdeflate cannot allocate.
    public init(level: Int32) throws {
        guard (0...12).contains(level) else { throw CompressionError(code: -2, "libdeflate level \(level) is outside 0…12") }
        guard let c = libdeflate_alloc_compressor(level) else {
            throw CompressionError(code: -4, "libdeflate could not allocate a compressor at level \(level)")
        }
        compressor = c
        self.level = level
    }

    deinit { libdeflate_free_compressor(compressor) }

    /// `input` as raw deflate ending like a `Z_SYNC_FLUSH`: non-final blocks, then an empty stored
    /// block (`00 00 FF FF`), byte-aligned. Such pieces concatenate into one deflate stream, which
    /// an empty final block (`03 00`) closes.
    /// - Throws: ``CompressionError`` if libdeflate's output cannot be walked (never expected).
    /// - Complexity: O(input).
    public func syncFlushedBlock(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        let raw = compress(input, bound: libdeflate_deflate_compress_bound, libdeflate_deflate_compress)
        return try DeflateBlockScanner.continuable(raw)
    }

    /// `input` as one gzip member (no file name, time stamp 0, OS byte 255, as libdeflate writes it).
    /// - Complexity: O(input).
    public func gzip(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        compress(input, bound: libdeflate_gzip_compress_bound, libdeflate_gzip_compress)
    }

    /// `input` as one gzip member.
    public func gzip(_ input: [UInt8]) -> [UInt8] { input.withUnsafeBytes { gzip($0) } }

    private func compress(_ input: UnsafeRawBufferPointer,
                          bound: (OpaquePointer?, Int) -> Int,
                          _ body: (OpaquePointer?, UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, Int) -> Int) -> [UInt8] {
        let capacity = bound(compressor, input.count)
        let c = compressor
        return [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
            // The bound is libdeflate's worst case, so the output always fits (0 would mean it did not).
            count = body(c, input.baseAddress, input.count, out.baseAddress, capacity)
        }
    }

    /// CRC-32 (IEEE, as gzip and zip use) of `bytes`, continuing `crc`.
    public static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        libdeflate_crc32(crc, bytes.baseAddress, bytes.count)
    }
}

@available(*, unavailable)
extension BlockDeflater: Sendable {}
